/**
 * The published Python `fallom` 0.2.x (installed from PyPI into ./.venv by
 * scripts/ensure-python-venv.sh) wrapping a real `openai` client against mock-llm sends its traces
 * to this server unchanged, and they are stored with tokens and cost.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { countTokens, type MockLlm, startMockLlm } from "@fallom/mock-llm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server.js";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const python = path.join(repoRoot, ".venv/bin/python");

let server: TestServer;
let mock: MockLlm;

beforeAll(async () => {
  if (!existsSync(python)) {
    await run("bash", [path.join(repoRoot, "scripts/ensure-python-venv.sh")], { timeout: 300_000 });
  }
  server = await startTestServer();
  mock = await startMockLlm({ port: 0 });
}, 300_000);

afterAll(async () => {
  await mock?.close();
  await server?.close();
});

it("stores the published Python SDK's OpenAI calls with tokens and cost", async () => {
  const runId = Math.random().toString(36).slice(2, 10);
  const { stdout } = await run(python, [path.join(here, "python/published_fallom_openai.py")], {
    env: {
      ...process.env,
      FALLOM_API_KEY: server.apiKey,
      FALLOM_URL: server.url,
      MOCK_LLM_URL: mock.url,
      RUN_ID: runId,
    },
    timeout: 60_000,
  });
  expect(stdout).toContain("RATE_LIMITED");
  expect(stdout).toContain("DONE");
  const [, promptTokens, completionTokens] = /USAGE (\d+) (\d+)/.exec(stdout) ?? [];
  expect(Number(promptTokens)).toBe(countTokens("You are terse.What is the capital of France?"));

  const list = await server.getJson(`/api/v1/spans?session_id=py-${runId}&include=content`);
  expect(list.data).toHaveLength(2);
  const ok = list.data.find((s: { status: string }) => s.status === "OK");
  expect(ok).toMatchObject({
    source: "native",
    config_key: "py-published",
    customer_id: "py-customer",
    provider: "openai",
    model: "gpt-4o",
    input_tokens: Number(promptTokens),
    output_tokens: Number(completionTokens),
    cost_status: "computed",
    metadata: { env: "ci", attempt: 1 },
    tags: ["published"],
  });
  expect(ok.cost_usd).toBeGreaterThan(0);
  expect(ok.input_messages.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
  expect(ok.output_messages[0].parts[0].content).toMatch(/^Mock reply to: What is the capital/);
  const failed = list.data.find((s: { status: string }) => s.status === "ERROR");
  expect(failed.error_message).toMatch(/429/);
  expect(failed.cost_usd).toBeNull();
}, 90_000);
