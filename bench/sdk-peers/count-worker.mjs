/**
 * Deterministic per-call work counts for one variant (complements the timing in
 * overhead-worker.mjs, which a loaded machine makes noisy): bytes allocated on the JS heap per call
 * (windows of 5 calls after a forced GC, with a young generation big enough that none runs inside) and promises
 * created per call (an `async_hooks` init hook, switched on only around the counted calls).
 *
 *   node --expose-gc --max-semi-space-size=64 bench/sdk-peers/count-worker.mjs \
 *     --variant fallom --mode stream --mock <mock-llm url> --sink <sink url>
 */
import { createHook } from "node:async_hooks";
import path from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import OpenAI from "openai";

const { values } = parseArgs({
  options: {
    variant: { type: "string" },
    mode: { type: "string" },
    calls: { type: "string" },
    mock: { type: "string" },
    sink: { type: "string" },
    chunks: { type: "string" },
  },
});
const variant = values.variant ?? "unwrapped";
const mode = values.mode ?? "plain";
const calls = Number(values.calls ?? 20);
const chunks = Number(values.chunks ?? 100);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = process.env.REPO_ROOT ?? path.resolve(here, "../..");
const baseURL = `${values.mock}/v1`;
const headers = mode === "stream" ? { "x-mock-stream-chunks": String(chunks) } : {};
const request = {
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Benchmark prompt: say something moderately long, please." }],
  ...(mode === "stream" ? { stream: true } : {}),
};

let client = new OpenAI({ baseURL, apiKey: "bench" });
let extra = {};
let flush = async () => {};
if (variant === "unwrapped-usage" && mode === "stream") extra = { stream_options: { include_usage: true } };
if (variant === "fallom") {
  const fallom = (await import(pathToFileURL(path.join(repoRoot, "packages/trace/dist/index.js")).href))
    .default;
  await fallom.init({ apiKey: "flm_bench", baseUrl: values.sink, serviceName: "bench" });
  client = fallom.session({ configKey: "bench", sessionId: "s", customerId: "c" }).wrapOpenAI(client);
  flush = () => fallom.flush();
}
if (variant === "posthog") {
  const { PostHog } = await import("posthog-node");
  const { OpenAI: PostHogOpenAI } = await import("@posthog/ai/openai");
  const posthog = new PostHog("phc_bench", { host: values.sink, flushAt: 512, flushInterval: 1000 });
  client = new PostHogOpenAI({ baseURL, apiKey: "bench", posthog });
  extra = { posthogDistinctId: "c" };
  flush = () => posthog.flush();
}

async function oneCall() {
  const result = await client.chat.completions.create({ ...request, ...extra }, { headers });
  if (mode === "stream") for await (const _chunk of result);
}

for (let i = 0; i < 200; i++) await oneCall();
await flush();

let promises = 0;
const hook = createHook({
  init(_id, type) {
    if (type === "PROMISE") promises++;
  },
});
// Promises first (the hook itself allocates), then bytes without the hook.
hook.enable();
for (let i = 0; i < calls; i++) await oneCall();
hook.disable();
await flush();
// Bytes: a few calls at a time between forced full GCs, so no scavenge runs inside a window.
let bytes = 0;
let gcs = 0;
const observer = new PerformanceObserver((list) => {
  gcs += list.getEntries().length;
});
const windows = Math.ceil(calls / 5);
for (let w = 0; w < windows; w++) {
  globalThis.gc();
  await new Promise((resolve) => setImmediate(resolve));
  observer.observe({ entryTypes: ["gc"] });
  const before = v8.getHeapStatistics().used_heap_size;
  for (let i = 0; i < 5; i++) await oneCall();
  bytes += v8.getHeapStatistics().used_heap_size - before;
  observer.disconnect();
}
process.stdout.write(
  `${JSON.stringify({
    variant,
    mode,
    calls,
    promisesPerCall: promises / calls,
    allocatedKbPerCall: bytes / 1024 / (windows * 5),
    gcsInWindows: gcs,
  })}\n`,
);
await flush();
process.exit(0);
