/**
 * The SDK's own CPU per call with the network taken out: the same `openai` client, but its `fetch`
 * answers from memory (a chat completion, or a 100-event SSE stream delivered one event per body
 * chunk, with the usage chunk when asked for it), so a block of calls is pure CPU and the
 * machine's load moves the numbers far less than in overhead-worker.mjs. Blocks of calls rotate
 * between the unwrapped client, the unwrapped client asking for usage itself and the fallom view
 * (its spans flushed to the sink inside the block); prints the median CPU µs per call of each and
 * the differences. `REPO_ROOT=<dir>` measures another build of packages/trace; `--compare <dir>`
 * adds that build as a fourth client in the same process (A/B under the same noise). The two
 * builds' slots are not symmetric (an A/A run showed the first slot up to ~50 µs dearer on
 * streams): run both orders and take half the difference of the two results.
 *
 *   node bench/sdk-peers/inprocess-worker.mjs --mode stream --blocks 50 --sink <sink url> [--compare <repo root>]
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import OpenAI from "openai";
import { floorClient } from "./variants.mjs";

const { values } = parseArgs({
  options: {
    mode: { type: "string" },
    blocks: { type: "string" },
    block: { type: "string" },
    chunks: { type: "string" },
    sink: { type: "string" },
    only: { type: "string" },
    compare: { type: "string" },
    peer: { type: "string" },
    "thrash-kb": { type: "string" },
  },
});
const mode = values.mode ?? "stream";
const blocks = Number(values.blocks ?? 60);
const block = Number(values.block ?? 50);
const chunks = Number(values.chunks ?? 100);
if (!values.sink) throw new Error("--sink is required");
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = process.env.REPO_ROOT ?? path.resolve(here, "../..");
const encoder = new TextEncoder();

function chunkJson(delta, finish, usage) {
  return JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1795814304,
    model: "gpt-4o-mini",
    service_tier: "default",
    system_fingerprint: "fp_bench",
    choices: usage ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(usage === undefined ? {} : { usage }),
  });
}

function sseEvents(withUsage) {
  const usageNull = withUsage ? null : undefined;
  const events = [chunkJson({ role: "assistant", content: "" }, null, usageNull)];
  for (let i = 0; i < chunks; i++) events.push(chunkJson({ content: `word${i} ` }, null, usageNull));
  events.push(chunkJson({}, "stop", usageNull));
  if (withUsage)
    events.push(
      chunkJson({}, null, { prompt_tokens: 12, completion_tokens: chunks, total_tokens: chunks + 12 }),
    );
  return [...events.map((e) => encoder.encode(`data: ${e}\n\n`)), encoder.encode("data: [DONE]\n\n")];
}
const streamPlain = sseEvents(false);
const streamUsage = sseEvents(true);
const completion = encoder.encode(
  JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 1795814304,
    model: "gpt-4o-mini",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: "Mock reply ".repeat(20), refusal: null },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 40, total_tokens: 52 },
    system_fingerprint: "fp_bench",
  }),
);

async function fakeFetch(_url, init) {
  const body = JSON.parse(init.body);
  if (body.stream) {
    const events = body.stream_options?.include_usage ? streamUsage : streamPlain;
    let i = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (i < events.length) controller.enqueue(events[i++]);
        else controller.close();
      },
    });
    return new Response(stream, { status: 200, headers: { "content-type": "text/event-stream" } });
  }
  return new Response(completion, { status: 200, headers: { "content-type": "application/json" } });
}

const request = {
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Benchmark prompt: say something moderately long, please." }],
  ...(mode === "stream" ? { stream: true } : {}),
};
const usageParams = mode === "stream" ? { stream_options: { include_usage: true } } : {};
const fallom = (await import(pathToFileURL(path.join(repoRoot, "packages/trace/dist/index.js")).href))
  .default;
await fallom.init({ apiKey: "flm_bench", baseUrl: values.sink, serviceName: "bench" });
const unwrapped = new OpenAI({ baseURL: "http://bench.invalid/v1", apiKey: "bench", fetch: fakeFetch });
const wrapped = fallom
  .session({ configKey: "bench", sessionId: "bench-session", customerId: "bench-customer" })
  .wrapOpenAI(unwrapped);
const allClients = [
  { name: "unwrapped", client: unwrapped, extra: {} },
  { name: "usage", client: unwrapped, extra: usageParams },
  { name: "fallom", client: wrapped, extra: {}, flush: () => fallom.flush() },
];
// `--compare <repo root>`: another build of packages/trace in the same process (its own module
// instance and runtime), so the two builds are compared under the same noise.
if (values.compare) {
  const other = (await import(pathToFileURL(path.join(values.compare, "packages/trace/dist/index.js")).href))
    .default;
  await other.init({ apiKey: "flm_bench", baseUrl: values.sink, serviceName: "bench" });
  const view = other
    .session({ configKey: "bench", sessionId: "bench-session", customerId: "bench-customer" })
    .wrapOpenAI(unwrapped);
  allClients.push({ name: "compare", client: view, extra: {}, flush: () => other.flush() });
}
// `--peer posthog`: PostHog's `@posthog/ai` OpenAI client over the same in-memory fetch, its
// events flushed to the sink inside the block, as the fallom view's spans are.
if (values.peer === "posthog") {
  const { PostHog } = await import("posthog-node");
  const { OpenAI: PostHogOpenAI } = await import("@posthog/ai/openai");
  const posthog = new PostHog("phc_bench", { host: values.sink, flushAt: 512, flushInterval: 1000 });
  allClients.push({
    name: "posthog",
    client: new PostHogOpenAI({
      baseURL: "http://bench.invalid/v1",
      apiKey: "bench",
      posthog,
      fetch: fakeFetch,
    }),
    extra: { posthogDistinctId: "bench-customer" },
    flush: () => posthog.flush(),
  });
} else if (values.peer === "floor") {
  allClients.push({ name: "floor", client: floorClient(unwrapped), extra: {} });
} else if (values.peer === "floor-acc") {
  // Diagnostic: the floor plus our chat accumulator on every chunk (no span, no export).
  const { ChatStreamAccumulator } = await import(
    pathToFileURL(path.join(repoRoot, "packages/trace/dist/integrations/openai/accumulate-chat-stream.js"))
      .href
  );
  allClients.push({
    name: "floor-acc",
    client: floorClient(unwrapped, () => new ChatStreamAccumulator()),
    extra: {},
  });
} else if (values.peer) throw new Error(`unknown --peer ${values.peer} (known: posthog, floor)`);
// `--only <name>` (for a CPU profile of one client): every block runs that client.
const clients = values.only
  ? allClients.map(() => allClients.find((c) => c.name === values.only))
  : allClients;

// `--thrash-kb N`: before every call, touch one cache line in every 64 bytes of an N KiB array, so
// the call runs with cold caches, as it does over HTTP where the network stack's work between calls
// evicts the SDK's code and data (8192 reproduces the over-HTTP added latency of plain calls).
const thrash = new Float64Array(Number(values["thrash-kb"] ?? 0) * 128);
function thrashCaches() {
  for (let i = 0; i < thrash.length; i += 8) thrash[i] += 1;
}

async function oneCall(target, extra) {
  if (thrash.length > 0) thrashCaches();
  const result = await target.chat.completions.create({ ...request, ...extra });
  if (mode === "stream") for await (const _chunk of result);
}

for (let i = 0; i < 300; i++) for (const { client, extra } of clients) await oneCall(client, extra);
await fallom.flush();
const cpu = clients.map(() => []);
const latency = clients.map(() => []);
for (let b = 0; b < blocks; b++) {
  for (let k = 0; k < clients.length; k++) {
    const index = (b + k) % clients.length;
    const { client, extra } = clients[index];
    const times = new Float64Array(block);
    const before = process.cpuUsage();
    for (let i = 0; i < block; i++) {
      const start = process.hrtime.bigint();
      await oneCall(client, extra);
      times[i] = Number(process.hrtime.bigint() - start) / 1000;
    }
    if (clients[index].flush) await clients[index].flush();
    const used = process.cpuUsage(before);
    cpu[index]?.push((used.user + used.system) / block);
    times.sort();
    latency[index]?.push(times[block >> 1] ?? 0);
  }
}
await fallom.shutdown();
const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1] ?? 0;
const paired = (a, b) => median(cpu[a].map((value, i) => value - (cpu[b][i] ?? 0)));
const pairedLatency = (a, b) => median(latency[a].map((value, i) => value - (latency[b][i] ?? 0)));
process.stdout.write(
  `${JSON.stringify({
    mode,
    blocks,
    block,
    cpuUs: Object.fromEntries(clients.map((c, i) => [c.name, Math.round(median(cpu[i]))])),
    latencyUs: Object.fromEntries(clients.map((c, i) => [c.name, Math.round(median(latency[i]))])),
    addedCpuVsUnwrapped: Math.round(paired(2, 0)),
    addedCpuVsUsage: Math.round(paired(2, 1)),
    usageCost: Math.round(paired(1, 0)),
    addedLatencyVsUnwrapped: Math.round(pairedLatency(2, 0)),
    addedLatencyVsUsage: Math.round(pairedLatency(2, 1)),
    ...(values.peer
      ? {
          peerAddedCpuVsUnwrapped: Math.round(paired(clients.length - 1, 0)),
          peerAddedLatencyVsUnwrapped: Math.round(pairedLatency(clients.length - 1, 0)),
          fallomMinusPeerCpu: Math.round(paired(2, clients.length - 1)),
          fallomMinusPeerLatency: Math.round(pairedLatency(2, clients.length - 1)),
          fallomCheaperCpuBlocks: cpu[2].filter((value, i) => value < (cpu[clients.length - 1][i] ?? 0))
            .length,
        }
      : {}),
    ...(values.compare
      ? {
          compareAddedCpuVsUsage: Math.round(paired(3, 1)),
          compareAddedLatencyVsUsage: Math.round(pairedLatency(3, 1)),
          fallomMinusCompareCpu: Math.round(paired(2, 3)),
          fallomMinusCompareLatency: Math.round(pairedLatency(2, 3)),
        }
      : {}),
  })}\n`,
);
process.exit(0);
