/**
 * Compatibility proof for sticky hashing and prompts: the published Python `fallom` 0.2.x (from
 * PyPI, in ./.venv) reads configs, prompts and prompt A/B tests from our real server, and every
 * variant it picks equals what our own `assignVariant` picks for the same session (and targeting
 * context). Its `POST /sessions` records land in the assignment table.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { assignVariant } from "../src/domain/ab/assign-variant.js";
import { computeBucket } from "../src/domain/ab/compute-bucket.js";
import { pickWeightedVariant } from "../src/domain/ab/pick-weighted-variant.js";
import { renderTemplate } from "../src/domain/prompts/render-template.js";
import { listSessionAssignments } from "../src/store/index.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const python = path.join(repoRoot, ".venv/bin/python");

function runPython(script: string, input: unknown, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      python,
      [script],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
    child.stdin?.end(JSON.stringify(input));
  });
}

let server: TestServer;
beforeAll(async () => {
  if (!existsSync(python)) {
    await new Promise<void>((resolve, reject) =>
      execFile(
        "bash",
        [path.join(repoRoot, "scripts/ensure-python-venv.sh")],
        { timeout: 300_000 },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  server = await startTestServer();
}, 300_000);
afterAll(async () => {
  await server?.close();
});

const config = {
  key: "py-ab",
  variants: [
    { model: "gpt-4o", weight: 45.5 },
    { model: "claude-sonnet-4-20250514", weight: 24.5 },
    { model: "gpt-4o-mini", weight: 20 },
  ],
  targeting: {
    enabled: true,
    individualTargets: [{ field: "customerId", value: "vip-1", variantIndex: 2 }],
    rules: [
      {
        conditions: [
          { field: "plan", operator: "in", value: ["pro", "team"] },
          { field: "region", operator: "startsWith", value: "eu" },
        ],
        variantIndex: 1,
      },
      { conditions: [{ field: "email", operator: "endsWith", value: ".edu" }], variantIndex: 0 },
    ],
  },
};

it("picks the same variant as our server-side function for every session, prompt and test", async () => {
  const post = async (pathName: string, body: unknown) => {
    const response = await server.postJson(pathName, body);
    expect(response.status, `${pathName}: ${await response.clone().text()}`).toBe(201);
  };
  await post("/api/v1/configs", { key: config.key, variants: [{ model: "v1-only", weight: 100 }] });
  await post(`/api/v1/configs/${config.key}/versions`, {
    variants: config.variants,
    targeting: config.targeting,
  });
  await post("/api/v1/prompts", {
    key: "py-prompt",
    system_prompt: "v1 {{ role }}",
    user_template: "Hi {{name}}",
  });
  await post("/api/v1/prompts/py-prompt/versions", {
    system_prompt: "v2 {{role}}",
    user_template: "Hello {{ name }}, {{ missing }}",
  });
  await post("/api/v1/prompt-ab-tests", {
    key: "py-ab-test",
    variants: [
      { prompt_key: "py-prompt", prompt_version: 1, weight: 30 },
      { prompt_key: "py-prompt", prompt_version: null, weight: 30 },
    ],
  });

  const sessionIds = [
    "session-123",
    "user-123",
    "session-xyz",
    "conv-1",
    "a",
    "",
    "séance-ü",
    "会话-42",
    "🙂",
    ...Array.from({ length: 300 }, () => randomBytes(9).toString("base64url")),
  ];
  const contexts = [
    {},
    { customer_id: "vip-1" },
    { customer_id: "someone", context: { plan: "pro", region: "eu-west" } },
    { context: { plan: "pro", region: "us" } },
    { context: { email: "ann@mit.edu" } },
    { customer_id: "vip-1", context: { plan: "team", region: "eu" } },
  ];
  const modelCases = sessionIds.map((session_id, index) => ({
    session_id,
    ...contexts[index % contexts.length],
  }));
  const variables = { role: "helpful", name: "Ann" };
  const stdout = await runPython(
    path.join(here, "python/published_fallom_ab.py"),
    {
      model_cases: modelCases,
      config_key: config.key,
      prompt_key: "py-prompt",
      ab_test_key: "py-ab-test",
      ab_sessions: sessionIds,
      variables,
    },
    { FALLOM_API_KEY: server.apiKey, FALLOM_URL: server.url },
  );
  const answers = JSON.parse(stdout);

  const ours = modelCases.map(
    (entry) =>
      assignVariant(config, entry.session_id, {
        ...("customer_id" in entry ? { customerId: entry.customer_id } : {}),
        ...("context" in entry ? { context: entry.context } : {}),
      }).model,
  );
  expect(answers.models).toEqual(ours);
  // Every arm and every way of choosing was exercised.
  expect(new Set(ours).size).toBe(3);
  expect(answers.models_again).toEqual(answers.models.slice(0, 20));
  expect(answers.pinned_v1).toBe("v1-only");
  expect(answers.missing_config_error).toMatch(/^Config 'does-not-exist' not found/);

  expect(answers.prompt_current).toEqual({
    version: 2,
    system: "v2 helpful",
    user: "Hello Ann, {{ missing }}",
  });
  expect(answers.prompt_pinned).toEqual({ version: 1, system: "v1 helpful", user: "Hi Ann" });
  expect(answers.prompt_current.user).toBe(renderTemplate("Hello {{ name }}, {{ missing }}", variables));
  answers.ab.forEach((answer: { variant_index: number; version: number; user: string }, index: number) => {
    const expected = pickWeightedVariant([30, 30], computeBucket(sessionIds[index] as string));
    expect(answer.variant_index, sessionIds[index]).toBe(expected);
    expect(answer.version).toBe(expected === 0 ? 1 : 2);
  });
  expect(new Set(answers.ab.map((answer: { variant_index: number }) => answer.variant_index)).size).toBe(2);

  // The SDK's POST /sessions recorded the assignments (config version 2, the model it returned).
  const recorded = await listSessionAssignments(server.server.database, "default", "session-123", config.key);
  expect(recorded).toEqual([
    expect.objectContaining({ config_version: 2, assigned_model: answers.models[0] }),
  ]);
}, 120_000);
