#!/usr/bin/env node
/**
 * `models.get` and `prompts.get` of @fallom/trace on a warm cache (issue 6 "Performance", target
 * ≤ 5 µs per call): the median cost of one call once the config and the prompt are cached and
 * every session's assignment has been recorded.
 *
 *   npm run build -w @fallom/server -w @fallom/trace && node bench/ab-cache.mjs [--calls 200000] [--sessions 1000]
 *
 * Method: the real server runs in-process (`startServer`, temp data dir) with one config (two
 * variants, targeting on) and one prompt with two variables, created through the management API.
 * After `init` and a warm-up over every session id, the calls are timed in batches of 1,000
 * (`process.hrtime.bigint` around each batch, session ids cycling through `--sessions`); the report
 * gives the median, p10 and p90 of the per-call time over the batches. Each call is awaited, as
 * user code does, so the promise and the microtask are part of the cost.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { resolveConfig, startServer } from "@fallom/server";
import fallom from "@fallom/trace";

const { values } = parseArgs({ options: { calls: { type: "string" }, sessions: { type: "string" } } });
const calls = Number(values.calls ?? 200_000);
const sessionCount = Number(values.sessions ?? 1_000);
const BATCH = 1_000;

const dataDir = await mkdtemp(path.join(tmpdir(), "fallom-bench-ab-"));
const apiKey = `flm_${randomBytes(20).toString("hex")}`;
const server = await startServer(
  resolveConfig({ port: 0, dataDir }, { FALLOM_BOOTSTRAP_API_KEY: apiKey, FALLOM_PRICE_REFRESH: "off" }),
  { log: () => {} },
);

async function post(pathname, body) {
  const response = await fetch(`${server.url}${pathname}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${pathname} → ${response.status} ${await response.text()}`);
}

await post("/api/v1/configs", {
  key: "bench-config",
  variants: [
    { model: "gpt-4o", weight: 50 },
    { model: "gpt-4o-mini", weight: 50 },
  ],
  targeting: {
    enabled: true,
    individualTargets: [{ field: "customerId", value: "vip", variantIndex: 0 }],
    rules: [{ conditions: [{ field: "plan", operator: "eq", value: "enterprise" }], variantIndex: 0 }],
  },
});
await post("/api/v1/prompts", {
  key: "bench-prompt",
  system_prompt: "You are {{ role }}. Answer briefly.",
  user_template: "Hi {{name}}, here is your question: {{question}}",
});

await fallom.init({ apiKey, baseUrl: server.url, serviceName: "bench-ab-cache" });
const sessions = Array.from({ length: sessionCount }, (_, i) => `bench-session-${i}`);
const modelOptions = { fallback: "fallback-model", customerId: "acme", context: { plan: "pro" } };
const promptOptions = {
  variables: { role: "a support agent", name: "Ann", question: "Where is my invoice?" },
};

const cases = {
  "models.get": (i) => fallom.models.get("bench-config", sessions[i % sessionCount], modelOptions),
  "prompts.get": () => fallom.prompts.get("bench-prompt", promptOptions),
};

// The first lookups wait for the initial fetch (at most 2 s each); on a busy machine that can
// miss, so ask until both answer from the server before timing anything.
for (let deadline = Date.now() + 30_000; ; ) {
  const model = await cases["models.get"](0);
  const prompt = await fallom.prompts.get("bench-prompt", promptOptions).catch(() => undefined);
  if (model !== "fallback-model" && prompt?.version === 1) break;
  if (Date.now() > deadline) throw new Error("the config and prompt never reached the SDK's cache");
  await new Promise((resolve) => setTimeout(resolve, 200));
}

// Warm-up: fills the cache (first call waits for the initial fetch), records every session's
// assignment, and lets the JIT settle.
for (const run of Object.values(cases)) {
  for (let i = 0; i < Math.max(20_000, sessionCount * 2); i++) await run(i);
}
await new Promise((resolve) => setTimeout(resolve, 500)); // the assignment POSTs finish

const results = {};
for (const [name, run] of Object.entries(cases)) {
  const perCall = [];
  for (let done = 0; done < calls; done += BATCH) {
    const start = process.hrtime.bigint();
    for (let i = done; i < done + BATCH; i++) await run(i);
    perCall.push(Number(process.hrtime.bigint() - start) / BATCH);
  }
  perCall.sort((a, b) => a - b);
  const at = (q) => perCall[Math.min(perCall.length - 1, Math.floor(q * perCall.length))];
  results[name] = { median: at(0.5), p10: at(0.1), p90: at(0.9) };
}

await fallom.shutdown();
await server.close();
await rm(dataDir, { recursive: true, force: true });

const us = (ns) => `${(ns / 1000).toFixed(2)} µs`;
process.stdout.write(
  `@fallom/trace warm cache, ${calls} calls each, ${sessionCount} sessions, Node ${process.version}\n`,
);
for (const [name, r] of Object.entries(results)) {
  process.stdout.write(
    `${name.padEnd(12)} median ${us(r.median)}  (p10 ${us(r.p10)}, p90 ${us(r.p90)})  target ≤ 5 µs\n`,
  );
}
