#!/usr/bin/env node
/**
 * Memory of @fallom/trace while the trace server is down (issue 3 "Performance"): 100,000 traced
 * OpenAI calls with the SDK pointed at a closed port. The bounded queue must keep memory flat and
 * count what it drops. Reports peak RSS, heap, and the SDK's export counters.
 *
 *   npm run build && node --expose-gc bench/sdk-memory.mjs [--calls 100000] [--stream]
 *
 * The OpenAI client gets a `fetch` that answers instantly from memory, so the run measures the SDK
 * rather than HTTP; the same client unwrapped is measured first as the baseline.
 */
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import OpenAI from "openai";

const { values } = parseArgs({ options: { calls: { type: "string" }, stream: { type: "boolean" } } });
const calls = Number(values.calls ?? 100_000);
const here = path.dirname(fileURLToPath(import.meta.url));
const fallom = (await import(pathToFileURL(path.join(here, "../packages/trace/dist/index.js")).href)).default;
const { getExportStats } = await import(
  pathToFileURL(path.join(here, "../packages/trace/dist/index.js")).href
);

const completion = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content: "x".repeat(400) }, finish_reason: "stop" }],
  usage: { prompt_tokens: 120, completion_tokens: 100, total_tokens: 220 },
});
const chunks = [
  ...Array.from({ length: 20 }, (_, i) => ({
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1,
    model: "gpt-4o-mini",
    choices: [{ index: 0, delta: { content: `piece ${i} ` }, finish_reason: null }],
  })),
  {
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1,
    model: "gpt-4o-mini",
    choices: [],
    usage: { prompt_tokens: 120, completion_tokens: 100, total_tokens: 220 },
  },
];
const sse = `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join("")}data: [DONE]\n\n`;
const fakeFetch = async (_url, init) => {
  const streaming = JSON.parse(init.body).stream === true;
  return new Response(streaming ? sse : completion, {
    status: 200,
    headers: { "content-type": streaming ? "text/event-stream" : "application/json" },
  });
};

const closedPort = await new Promise((resolve) => {
  const probe = createServer();
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function run(client, label) {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  peakRss = before;
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const request = {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: `Question ${i}: ${"y".repeat(300)}` }],
      ...(values.stream ? { stream: true } : {}),
    };
    const result = await client.chat.completions.create(request);
    if (values.stream) for await (const _chunk of result);
  }
  const seconds = (performance.now() - started) / 1000;
  globalThis.gc?.();
  const after = process.memoryUsage();
  return {
    label,
    seconds,
    rssBeforeMb: before / 1_048_576,
    peakRssMb: peakRss / 1_048_576,
    heapAfterMb: after.heapUsed / 1_048_576,
  };
}

const client = new OpenAI({
  apiKey: "bench",
  baseURL: "http://127.0.0.1:9/v1",
  fetch: fakeFetch,
  maxRetries: 0,
});
const baseline = await run(client, "unwrapped");

await fallom.init({ apiKey: "flm_bench", baseUrl: `http://127.0.0.1:${closedPort}` });
const session = fallom.session({ configKey: "bench", sessionId: "memory", customerId: "bench" });
const traced = await run(session.wrapOpenAI(client), "fallom, server down");
const stats = getExportStats();
clearInterval(sampler);

const rows = [baseline, traced].map(
  (r) =>
    `| ${r.label} | ${calls.toLocaleString("en")} | ${r.seconds.toFixed(1)} | ${r.rssBeforeMb.toFixed(0)} | ${r.peakRssMb.toFixed(0)} | ${r.heapAfterMb.toFixed(0)} |`,
);
process.stdout.write(
  `node ${process.version}, ${values.stream ? "streaming (20 chunks)" : "non-streaming"} calls, trace server down\n\n` +
    "| variant | calls | seconds | RSS before MB | peak RSS MB | heap after GC MB |\n|---|---|---|---|---|---|\n" +
    `${rows.join("\n")}\n\nexport counters: ${JSON.stringify(stats)}\n`,
);
await fallom.shutdown(100);
process.exit(0);
