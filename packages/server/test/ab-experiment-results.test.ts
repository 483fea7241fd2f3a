/**
 * Experiment results over stored calls (in process, real SQLite): per-variant numbers, the
 * comparison with variant A, custom metrics from `POST /spans`, and the sample-ratio check.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { upsertCustomMetrics, upsertSessionAssignment } from "../src/store/index.js";
import { insertSpans } from "../src/store/insert-spans.js";
import { BASE_TIME, makeSpan } from "../src/store/test-support/make-span.js";
import { type AbTestApp, startAbTestApp } from "./support/ab-test-app.js";

let app: AbTestApp;
beforeAll(async () => {
  app = await startAbTestApp();
});
afterAll(async () => {
  await app?.close();
});

test("model experiment: B is cheaper, latency the same, counts match the weights", async () => {
  await app.request("POST", "/api/v1/configs", {
    key: "chat-exp",
    variants: [
      { model: "gpt-4o", weight: 50 },
      { model: "gpt-4o-mini", weight: 50 },
    ],
  });
  const spans = [];
  for (let i = 0; i < 200; i += 1) {
    const model = i % 2 === 0 ? "gpt-4o" : "gpt-4o-mini";
    const session = `exp-${i}`;
    await upsertSessionAssignment(app.database, app.projectId, {
      config_key: "chat-exp",
      session_id: session,
      config_version: 1,
      assigned_model: model,
    });
    const cost = (model === "gpt-4o" ? 0.01 : 0.0082) + (i % 4 < 2 ? 0.001 : -0.001);
    for (let call = 0; call < 2; call += 1) {
      spans.push(
        makeSpan({
          session_id: session,
          config_key: "chat-exp",
          model,
          cost_usd: cost,
          duration_ms: 800 + ((i + call) % 5) * 100,
          start_time: BASE_TIME + i * 10 + call,
          status: i % 50 === 0 && call === 0 ? "ERROR" : "OK",
        }),
      );
    }
    await upsertCustomMetrics(app.database, app.projectId, "chat-exp", session, {
      rating: model === "gpt-4o" ? 4 : 4 + (i % 3 === 0 ? 1 : 0),
    });
  }
  // A call with another model in an assigned session is not the variant's.
  spans.push(makeSpan({ session_id: "exp-0", model: "other", start_time: BASE_TIME + 5_000 }));
  await insertSpans(app.database, app.projectId, spans);

  const response = await app.request("GET", "/api/v1/experiments/models/chat-exp");
  expect(response.status).toBe(200);
  const result = (await response.json()) as any;
  expect(result).toMatchObject({
    config_key: "chat-exp",
    config_version: 1,
    match_model: true,
    calls_truncated: false,
  });
  const [a, b] = result.variants;
  expect(a).toMatchObject({
    label: "A",
    model: "gpt-4o",
    weight: 50,
    sessions: 100,
    sessions_with_calls: 100,
    calls: 200,
    errors: 4,
  });
  expect(b).toMatchObject({ label: "B", model: "gpt-4o-mini", sessions: 100, calls: 200, errors: 0 });
  expect(a.error_rate.rate).toBeCloseTo(0.02, 10);
  expect(a.error_rate.ci_low).toBeGreaterThan(0);
  expect(a.cost_per_call_usd.mean).toBeCloseTo(0.01, 10);
  expect(b.cost_per_session_usd.mean).toBeCloseTo(0.0164, 10);
  expect(a.duration_ms.p50).toBe(1000);
  expect(a.custom_metrics.rating.mean).toBe(4);
  expect(b.custom_metrics.rating.n).toBe(100);
  expect(result.comparisons[0].cost_per_call.relative_change).toBeCloseTo(-0.18, 10);
  expect(result.verdict).toMatch(/^B is cheaper by 18 % ± \d(\.\d)? %/);
  expect(result.verdict).toMatch(/latency .*not significantly different/);
  expect(result.sample_ratio).toMatchObject({ observed: [100, 100], mismatch: false });

  const loose = (await (
    await app.request("GET", "/api/v1/experiments/models/chat-exp?match_model=false")
  ).json()) as any;
  expect(loose.variants[0].calls).toBe(201);
  const windowed = (await (
    await app.request("GET", `/api/v1/experiments/models/chat-exp?from=${(BASE_TIME + 1000) / 1000}`)
  ).json()) as any;
  expect(windowed.variants[0].calls + windowed.variants[1].calls).toBe(200);
});

test("model experiment: a skewed split is flagged as a sample ratio mismatch", async () => {
  await app.request("POST", "/api/v1/configs", {
    key: "skewed",
    variants: [
      { model: "m-a", weight: 50 },
      { model: "m-b", weight: 50 },
    ],
  });
  for (let i = 0; i < 300; i += 1) {
    await upsertSessionAssignment(app.database, app.projectId, {
      config_key: "skewed",
      session_id: `sk-${i}`,
      config_version: 1,
      assigned_model: i < 200 ? "m-a" : "m-b",
    });
  }
  const result = (await (await app.request("GET", "/api/v1/experiments/models/skewed")).json()) as any;
  expect(result.sample_ratio).toMatchObject({ observed: [200, 100], expected: [150, 150], mismatch: true });
  expect(result.verdict).toMatch(/^Warning: Sample ratio mismatch/);
});

test("prompt experiment: arms by variant index, unknown keys 404, bad parameters 400", async () => {
  await app.request("POST", "/api/v1/prompts", { key: "greet", system_prompt: "S", user_template: "U" });
  await app.request("POST", "/api/v1/prompt-ab-tests", {
    key: "greet-test",
    variants: [
      { prompt_key: "greet", prompt_version: 1, weight: 50 },
      { prompt_key: "greet", prompt_version: null, weight: 50 },
    ],
  });
  await insertSpans(
    app.database,
    app.projectId,
    Array.from({ length: 40 }, (_, i) =>
      makeSpan({
        session_id: `pg-${i}`,
        prompt_key: "greet",
        prompt_version: 1,
        prompt_ab_test_key: "greet-test",
        prompt_variant_index: i % 2,
        output_tokens: i % 2 === 0 ? 100 : 50,
        start_time: BASE_TIME + i,
      }),
    ),
  );
  const result = (await (await app.request("GET", "/api/v1/experiments/prompts/greet-test")).json()) as any;
  expect(result.ab_test_key).toBe("greet-test");
  expect(result.variants.map((v: any) => [v.label, v.prompt_version, v.calls, v.sessions])).toEqual([
    ["A", 1, 20, 20],
    ["B", null, 20, 20],
  ]);
  expect(result.variants[1].output_tokens).toBe(1000);
  expect(result.sample_ratio.mismatch).toBe(false);
  expect((await app.request("GET", "/api/v1/experiments/prompts/nope")).status).toBe(404);
  expect((await app.request("GET", "/api/v1/experiments/models/nope")).status).toBe(404);
  const bad = await app.request("GET", "/api/v1/experiments/models/chat-exp?match_model=maybe");
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as any).error).toMatch(/match_model/);
});
