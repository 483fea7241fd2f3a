/**
 * One measurement process of bench/sdk-overhead.mjs: one tracing SDK (or none), one call shape.
 * It lives in bench/sdk-peers so every variant imports the same `openai` copy and the peers' own
 * packages from bench/sdk-peers/node_modules. Prints one JSON line with the per-call numbers.
 *
 *   node bench/sdk-peers/overhead-worker.mjs --variant fallom --mode stream --calls 500 \
 *     --mock http://127.0.0.1:1234 --sink http://127.0.0.1:5678
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchRequest, setUpVariant } from "./variants.mjs";

const { values } = parseArgs({
  options: {
    variant: { type: "string" },
    mode: { type: "string" },
    calls: { type: "string" },
    warmup: { type: "string" },
    mock: { type: "string" },
    sink: { type: "string" },
    chunks: { type: "string" },
    paired: { type: "boolean" },
  },
});
const variant = values.variant ?? "unwrapped";
const mode = values.mode ?? "plain";
const calls = Number(values.calls ?? 500);
const warmup = Number(values.warmup ?? 100);
const chunks = Number(values.chunks ?? 100);
const mockUrl = values.mock;
const sinkUrl = values.sink;
if (!mockUrl || !sinkUrl) throw new Error("--mock and --sink are required");

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = process.env.REPO_ROOT ?? path.resolve(here, "../..");
const { request, headers } = benchRequest(mode, chunks);

const setup = await setUpVariant(variant, { mockUrl, sinkUrl, repoRoot, mode });
const client = setup.client;

async function oneCall(target = client) {
  if (mode === "stream") {
    const stream = await target.chat.completions.create({ ...request, ...setup.extraParams }, { headers });
    let received = 0;
    for await (const _chunk of stream) received++;
    return received;
  }
  await target.chat.completions.create({ ...request, ...setup.extraParams }, { headers });
  return 1;
}

/**
 * `--paired` (fallom only): the same process alternates blocks of 50 calls between the unwrapped
 * client and the wrapped view of it, so machine noise hits both alike; "added" is the median over
 * blocks of (wrapped − unwrapped) per-block median latency and CPU per call (export flushed inside
 * each wrapped block). Robust on a loaded machine, where separate processes differ by more than
 * the SDK costs.
 */
async function measurePaired() {
  const block = 50;
  const blocks = Math.max(2, Math.round((calls * 2) / block));
  const added = [];
  const addedCpu = [];
  const baseCpu = [];
  const baseLatency = [];
  const runBlock = async (target, flush) => {
    const latencies = new Float64Array(block);
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < block; i++) {
      const start = process.hrtime.bigint();
      await oneCall(target);
      latencies[i] = Number(process.hrtime.bigint() - start) / 1000;
    }
    if (flush) await setup.flush();
    const cpu = process.cpuUsage(cpuBefore);
    latencies.sort();
    return { median: latencies[block >> 1], cpu: (cpu.user + cpu.system) / block };
  };
  for (let b = 0; b < blocks; b++) {
    const first = b % 2 === 0;
    const wrappedRun = first ? await runBlock(client, true) : undefined;
    const plainRun = await runBlock(setup.unwrapped, false);
    const wrapped = wrappedRun ?? (await runBlock(client, true));
    added.push(wrapped.median - plainRun.median);
    addedCpu.push(wrapped.cpu - plainRun.cpu);
    baseCpu.push(plainRun.cpu);
    baseLatency.push(plainRun.median);
  }
  const med = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
  process.stdout.write(
    `${JSON.stringify({
      variant: `${variant}-paired`,
      mode,
      blocks,
      blockCalls: block,
      baseMedianUs: med(baseLatency),
      addedUs: med(added),
      baseCpuUsPerCall: med(baseCpu),
      addedCpuUsPerCall: med(addedCpu),
      addedCpuPct: (100 * med(addedCpu)) / med(baseCpu),
    })}\n`,
  );
  await setup.shutdown();
  process.exit(0);
}

for (let i = 0; i < warmup; i++) await oneCall();
await setup.flush();
if (values.paired) await measurePaired();

const latenciesUs = new Float64Array(calls);
let chunksSeen = 0;
const cpuBefore = process.cpuUsage();
const wallBefore = process.hrtime.bigint();
for (let i = 0; i < calls; i++) {
  const start = process.hrtime.bigint();
  chunksSeen += await oneCall();
  latenciesUs[i] = Number(process.hrtime.bigint() - start) / 1000;
}
// Export work that is still queued belongs to the SDK's cost too: flush inside the CPU window.
await setup.flush();
const cpu = process.cpuUsage(cpuBefore);
const wallUs = Number(process.hrtime.bigint() - wallBefore) / 1000;
await setup.shutdown();

latenciesUs.sort();
process.stdout.write(
  `${JSON.stringify({
    variant,
    mode,
    calls,
    chunksPerCall: chunksSeen / calls,
    medianUs: latenciesUs[Math.floor(calls / 2)],
    p90Us: latenciesUs[Math.floor(calls * 0.9)],
    cpuUsPerCall: (cpu.user + cpu.system) / calls,
    wallUsPerCall: wallUs / calls,
    rssMb: process.memoryUsage().rss / 1_048_576,
  })}\n`,
);
process.exit(0);
