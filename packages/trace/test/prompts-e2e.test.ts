/**
 * `prompts.get` / `getAB` against the real server (SPEC §8): templating, pinned versions (cached
 * or fetched by number), A/B arms equal to the server's own bucket walk, and linkage (SPEC §8.4):
 * a session's prompt reaches that session's spans only, and a module-level prompt reaches its own
 * async context only (here: concurrent HTTP requests, each handled in its own context).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { computeBucket } from "../../server/dist/domain/ab/compute-bucket.js";
import { pickWeightedVariant } from "../../server/dist/domain/ab/pick-weighted-variant.js";
import fallom, { FallomError, type PromptResult } from "../src/index.js";
import { api } from "./support/ab-admin.js";
import { type Harness, startHarness } from "./support/harness.js";
import { uniqueSessionId } from "./support/stainless.js";

let harness: Harness;
let client: OpenAI;

const PROMPT_COUNT = 5;

beforeAll(async () => {
  harness = await startHarness();
  client = new OpenAI({ apiKey: "test", baseURL: `${harness.mock.url}/v1`, maxRetries: 0 });
  const server = harness.server;
  await api(server, "POST", "/api/v1/prompts", {
    key: "greeting",
    system_prompt: "You are {{ role }}.",
    user_template: "Hi {{name}}, {{ missing }} {{flag}} {{n}} {{x}}",
  });
  await api(server, "POST", "/api/v1/prompts/greeting/versions", {
    system_prompt: "v2 {{role}}",
    user_template: "Hello {{ name }}",
  });
  await api(server, "POST", "/api/v1/prompt-ab-tests", {
    key: "greeting-test",
    variants: [
      { prompt_key: "greeting", prompt_version: 1, weight: 30 },
      { prompt_key: "greeting", prompt_version: null, weight: 30 },
    ],
  });
  for (let i = 0; i < PROMPT_COUNT; i += 1) {
    await api(server, "POST", "/api/v1/prompts", {
      key: `p-${i}`,
      system_prompt: `system ${i}`,
      user_template: `user ${i} {{ q }}`,
    });
  }
});
beforeEach(() => {
  // Module-level prompts.get links the caller's whole async context, and vitest runs the tests of
  // a file as continuations of one context: start every test unlinked.
  fallom.prompts.clearPromptContext();
});
afterEach(async () => {
  await fallom.shutdown();
});
afterAll(async () => {
  await harness.close();
});

const init = () => fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
const variables = { role: "helpful", name: "Ann", flag: true, n: 1.0, x: [1, "a"] };

describe("prompts.get", () => {
  it("renders the current version, and a pinned one exactly as SPEC §8.2's vector", async () => {
    await init();
    expect(await fallom.prompts.get("greeting", { variables })).toEqual({
      key: "greeting",
      version: 2,
      system: "v2 helpful",
      user: "Hello Ann",
    });
    expect(await fallom.prompts.get("greeting", { variables, version: 1 })).toEqual({
      key: "greeting",
      version: 1,
      system: "You are helpful.",
      user: 'Hi Ann, {{ missing }} true 1 [1,"a"]',
    });
    expect(
      await fallom.prompts.get("greeting", { variables: { flag: false, role: null }, version: 1 }),
    ).toMatchObject({
      system: "You are {{ role }}.",
      user: "Hi {{name}}, {{ missing }} false {{n}} {{x}}",
    });
  });

  it("fetches a version published after the last refresh by number, and reports unknown ones", async () => {
    const key = `late-${randomBytes(4).toString("hex")}`;
    await api(harness.server, "POST", "/api/v1/prompts", { key, system_prompt: "one", user_template: "" });
    await init();
    expect((await fallom.prompts.get(key)).system).toBe("one");
    await api(harness.server, "POST", `/api/v1/prompts/${key}/versions`, { system_prompt: "two {{ a }}" });
    expect(await fallom.prompts.get(key, { version: 2, variables: { a: 3.5 } })).toEqual({
      key,
      version: 2,
      system: "two 3.5",
      user: "",
    });
    const error = await fallom.prompts.get(key, { version: 7 }).catch((e) => e);
    expect(error).toBeInstanceOf(FallomError);
    expect(error.code).toBe("prompt_version_not_found");
    expect(error.message).toMatch(new RegExp(`^Prompt '${key}' version 7 not found`));
    expect(
      await fallom.prompts.get(key, { version: 7, fallback: { system: "fb {{ a }}" }, variables: { a: 1 } }),
    ).toEqual({ key, version: 0, system: "fb 1", user: "" });
    await expect(fallom.prompts.get("nope")).rejects.toThrow(/^Prompt 'nope' not found on the server/);
  });
});

describe("prompts.getAB", () => {
  it("picks the arm the server's bucket walk picks, for many session ids incl. unicode", async () => {
    await init();
    const ids = ["session-123", "user-123", "", "séance-ü", "会话-42", "🙂"];
    for (let i = 0; i < 200; i += 1) ids.push(randomBytes(8).toString("hex"));
    const arms = new Set<number>();
    for (const sessionId of ids) {
      const expected = pickWeightedVariant([30, 30], computeBucket(sessionId));
      const result = await fallom.prompts.getAB("greeting-test", sessionId, { variables });
      arms.add(expected);
      expect(result.variantIndex, sessionId).toBe(expected);
      expect(result).toMatchObject(
        expected === 0
          ? { key: "greeting", version: 1, system: "You are helpful.", abTestKey: "greeting-test" }
          : { key: "greeting", version: 2, user: "Hello Ann", abTestKey: "greeting-test" },
      );
    }
    expect([...arms].sort()).toEqual([0, 1]);
    await expect(fallom.prompts.getAB("no-test", "s1")).rejects.toMatchObject({
      code: "prompt_ab_test_not_found",
    });
  });
});

describe("session linkage", () => {
  it("50 interleaved sessions: each span carries its own session's prompt, sessions without one carry none", async () => {
    await init();
    const run = uniqueSessionId("linkage");
    const expected = new Map<string, PromptResult | null>();
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const sessionId = `${run}-${i}`;
        const session = fallom.session({ configKey: "prompt-linkage", sessionId });
        const openai = session.wrapOpenAI(client);
        let result: PromptResult | null = null;
        if (i % 3 === 0) result = await session.getPrompt(`p-${i % PROMPT_COUNT}`, { variables: { q: i } });
        else if (i % 3 === 1) result = await session.getPromptAB("greeting-test", { variables });
        expected.set(sessionId, result);
        await new Promise((resolve) => setImmediate(resolve));
        await openai.chat.completions.create({
          model: "gpt-4o",
          messages: [{ role: "user", content: result?.user ?? "no prompt" }],
        });
      }),
    );
    await fallom.flush();
    const spans = (await harness.server.waitForSpans({ config_key: "prompt-linkage" }, 50)).filter((span) =>
      expected.has(span.session_id),
    );
    expect(spans).toHaveLength(50);
    let linked = 0;
    for (const span of spans) {
      const result = expected.get(span.session_id);
      expect(span.prompt_key, span.session_id).toBe(result?.key ?? null);
      expect(span.prompt_version).toBe(result?.version ?? null);
      expect(span.prompt_ab_test_key).toBe(result?.abTestKey ?? null);
      expect(span.prompt_variant_index).toBe(result?.variantIndex ?? null);
      if (result) linked += 1;
    }
    expect(linked).toBe(34);
  });

  it("setPrompt(null) unlinks; a session prompt beats the async context's", async () => {
    await init();
    const sessionId = uniqueSessionId("set-prompt");
    const session = fallom.session({ configKey: "prompt-set", sessionId });
    const openai = session.wrapOpenAI(client);
    const ask = () =>
      openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] });
    await fallom.prompts.get("p-1");
    await session.getPrompt("p-2");
    await ask();
    session.setPrompt(null);
    await ask();
    fallom.prompts.clearPromptContext();
    await ask();
    expect(() => session.setPrompt({ key: 3 } as unknown as PromptResult)).toThrow(/PromptResult/);
    await fallom.flush();
    const spans = await harness.server.waitForSpans({ session_id: sessionId }, 3);
    const sorted = spans.sort((a, b) => a.start_time.localeCompare(b.start_time));
    expect(sorted.map((span) => span.prompt_key)).toEqual(["p-2", "p-1", null]);
  });
});

describe("async-context linkage (module-level prompts.get)", () => {
  it("stays within each concurrent request's context; reading does not clear; clearing does", async () => {
    await init();
    const run = uniqueSessionId("ctx");
    // A tiny app: each request is its own async context, as in any Node HTTP server.
    const app = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://app");
      const i = Number(url.searchParams.get("i"));
      const session = fallom.session({ configKey: "prompt-context", sessionId: `${run}-${i}` });
      const openai = session.wrapOpenAI(client);
      const ask = () =>
        openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] });
      const seen: unknown[] = [];
      if (i % 2 === 0) {
        if (i % 4 === 0) await fallom.prompts.get(`p-${i % PROMPT_COUNT}`);
        else await fallom.prompts.getAB("greeting-test", `${run}-${i}`);
        seen.push(fallom.prompts.getPromptContext(), fallom.prompts.getPromptContext());
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
      await ask();
      fallom.prompts.clearPromptContext();
      seen.push(fallom.prompts.getPromptContext());
      await ask();
      res.end(JSON.stringify(seen));
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    try {
      const answers = await Promise.all(
        Array.from(
          { length: 20 },
          async (_, i) => [i, (await (await fetch(`${base}/?i=${i}`)).json()) as unknown[]] as const,
        ),
      );
      for (const [i, seen] of answers) {
        if (i % 2 === 1) expect(seen).toEqual([null]);
        else {
          expect(seen[0]).toEqual(seen[1]);
          expect(seen[0]).toMatchObject(
            i % 4 === 0
              ? { promptKey: `p-${i % PROMPT_COUNT}` }
              : { promptKey: "greeting", abTestKey: "greeting-test" },
          );
          expect(seen[2]).toBeNull();
        }
      }
      await fallom.flush();
      const spans = await harness.server.waitForSpans({ config_key: "prompt-context" }, 40);
      const ours = spans.filter((span) => span.session_id.startsWith(`${run}-`));
      expect(ours).toHaveLength(40);
      for (let i = 0; i < 20; i += 1) {
        const [first, second] = ours
          .filter((span) => span.session_id === `${run}-${i}`)
          .sort((a, b) => a.start_time.localeCompare(b.start_time));
        const expectedKey = i % 2 === 1 ? null : i % 4 === 0 ? `p-${i % PROMPT_COUNT}` : "greeting";
        expect(first?.prompt_key, `request ${i}`).toBe(expectedKey);
        expect(first?.prompt_ab_test_key).toBe(i % 4 === 2 ? "greeting-test" : null);
        expect(second?.prompt_key, `request ${i} after clear`).toBeNull();
      }
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
  });
});
