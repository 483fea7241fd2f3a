/**
 * Tracing SDKs compared in ONE process over real HTTP: blocks of calls rotate between the unwrapped
 * client and each variant (order rotating every round), every variant's queued export work flushed
 * inside its own block, so the machine's noise hits all of them alike. Separate processes (what
 * overhead-worker.mjs measures) differ from one another by more than the SDKs do on streams.
 *
 * Only SDKs that leave the `openai` module alone can share a process: OpenLLMetry patches the
 * module (it would trace the unwrapped client too), so it is not offered here. Langfuse registers a
 * global OTel SDK; with it in the process, fallom's "nest under the caller's active span" lookup
 * goes through that global context manager, i.e. fallom pays for Langfuse's presence, not the
 * other way round.
 *
 *   node bench/sdk-peers/same-process-peers.mjs --mode stream --variants fallom,posthog,langfuse \
 *     --rounds 40 --block 25 --mock <mock-llm url> --sink <sink url>
 *
 * Prints one JSON line: per variant the median over rounds of (variant − unwrapped) in the same
 * round, for the block's median latency and its CPU per call, and, for fallom against each other
 * variant, the median per-round difference and how many rounds fallom was cheaper.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchRequest, setUpVariant } from "./variants.mjs";

const { values } = parseArgs({
  options: {
    mode: { type: "string" },
    variants: { type: "string" },
    rounds: { type: "string" },
    block: { type: "string" },
    warmup: { type: "string" },
    chunks: { type: "string" },
    mock: { type: "string" },
    sink: { type: "string" },
  },
});
const mode = values.mode ?? "stream";
const rounds = Number(values.rounds ?? 40);
const block = Number(values.block ?? 25);
const warmup = Number(values.warmup ?? 100);
const chunks = Number(values.chunks ?? 100);
const mockUrl = values.mock;
const sinkUrl = values.sink;
if (!mockUrl || !sinkUrl) throw new Error("--mock and --sink are required");
const names = ["unwrapped", ...(values.variants ?? "fallom,posthog").split(",").filter(Boolean)];
if (names.includes("openllmetry"))
  throw new Error("openllmetry patches the openai module and cannot share a process; use sdk-overhead.mjs");

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = process.env.REPO_ROOT ?? path.resolve(here, "../..");
const { request, headers } = benchRequest(mode, chunks);

const variants = [];
for (const name of names)
  variants.push({ name, ...(await setUpVariant(name, { mockUrl, sinkUrl, repoRoot, mode })) });

async function oneCall({ client, extraParams }) {
  const result = await client.chat.completions.create({ ...request, ...extraParams }, { headers });
  if (mode === "stream") for await (const _chunk of result);
}

for (let i = 0; i < warmup; i++) for (const variant of variants) await oneCall(variant);
for (const variant of variants) await variant.flush();

const latency = variants.map(() => []);
const cpu = variants.map(() => []);
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < variants.length; k++) {
    const index = (round + k) % variants.length;
    const variant = variants[index];
    const times = new Float64Array(block);
    const before = process.cpuUsage();
    for (let i = 0; i < block; i++) {
      const start = process.hrtime.bigint();
      await oneCall(variant);
      times[i] = Number(process.hrtime.bigint() - start) / 1000;
    }
    await variant.flush();
    const used = process.cpuUsage(before);
    cpu[index].push((used.user + used.system) / block);
    times.sort();
    latency[index].push(times[block >> 1]);
  }
}
for (const variant of variants) await variant.shutdown();

const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
const diffs = (series, a, b) => series[a].map((value, i) => value - series[b][i]);
const result = { mode, rounds, block, chunks: mode === "stream" ? chunks : undefined, variants: {} };
for (let v = 0; v < variants.length; v++) {
  result.variants[names[v]] = {
    latencyUs: Math.round(median(latency[v])),
    cpuUsPerCall: Math.round(median(cpu[v])),
    ...(v === 0
      ? {}
      : {
          addedLatencyUs: Math.round(median(diffs(latency, v, 0))),
          addedCpuUs: Math.round(median(diffs(cpu, v, 0))),
          addedCpuPct: Number(((100 * median(diffs(cpu, v, 0))) / median(cpu[0])).toFixed(1)),
        }),
  };
}
const fallom = names.indexOf("fallom");
if (fallom > 0) {
  result.fallomAgainst = {};
  for (let v = 1; v < variants.length; v++) {
    if (v === fallom) continue;
    const latencyDiff = diffs(latency, fallom, v);
    const cpuDiff = diffs(cpu, fallom, v);
    result.fallomAgainst[names[v]] = {
      latencyDiffUs: Math.round(median(latencyDiff)),
      fasterRounds: latencyDiff.filter((d) => d < 0).length,
      cpuDiffUs: Math.round(median(cpuDiff)),
      cheaperCpuRounds: cpuDiff.filter((d) => d < 0).length,
    };
  }
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
