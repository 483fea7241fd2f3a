#!/usr/bin/env node
/**
 * Added latency and CPU per call of @fallom/trace, wrapped vs unwrapped, with the peers measured
 * side by side in the same run (issue 3 "Performance"): Langfuse `observeOpenAI`, OpenLLMetry
 * (`@traceloop/node-server-sdk`) and PostHog `@posthog/ai`, each exporting to a local sink.
 *
 *   npm run build && node bench/sdk-overhead.mjs [--calls 400] [--rounds 5] [--chunks 100]
 *                                                [--variants unwrapped,unwrapped-usage,fallom,langfuse,openllmetry,posthog]
 *
 * Method: the mock LLM and a sink (answers 200 to anything) run as child processes; each
 * (variant, mode) measurement is its own Node process (the peers install global state), run in
 * `--rounds` rounds with the variants in a rotating order so machine noise hits all of them alike.
 * Per round the script records each variant's median latency and CPU per call; the report gives
 * the median over rounds and the difference to `unwrapped` measured in the same round.
 * The peers are installed on demand into bench/sdk-peers (`npm ci --prefix bench/sdk-peers`).
 * `floor` (not in the default list) is the least a SPEC §2.5.1 SDK must do on a stream (see
 * sdk-peers/variants.mjs). Separate processes differ by more than the SDKs do on streams; for who is
 * lowest, sdk-peers/same-process-peers.mjs compares them in one process, round by round.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startChild } from "./lib/child-url.mjs";

const { values } = parseArgs({
  options: {
    calls: { type: "string" },
    rounds: { type: "string" },
    chunks: { type: "string" },
    variants: { type: "string" },
    modes: { type: "string" },
  },
});
const calls = Number(values.calls ?? 400);
const rounds = Number(values.rounds ?? 5);
const chunks = Number(values.chunks ?? 100);
const variants = (values.variants ?? "unwrapped,unwrapped-usage,fallom,langfuse,openllmetry,posthog").split(
  ",",
);
const modes = (values.modes ?? "plain,stream").split(",");

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const peersDir = path.join(here, "sdk-peers");
if (!existsSync(path.join(peersDir, "node_modules", "openai"))) {
  process.stderr.write("installing the peer SDKs into bench/sdk-peers …\n");
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--legacy-peer-deps", "--prefix", peersDir], {
    stdio: "inherit",
  });
}

const mock = await startChild(process.execPath, [
  path.join(root, "packages/mock-llm/dist/cli.js"),
  "--port",
  "0",
]);
const sink = await startChild(process.execPath, [path.join(here, "lib/sink-server.mjs")]);

const results = []; // {round, variant, mode, ...worker numbers}
for (let round = 0; round < rounds; round++) {
  for (const mode of modes) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) {
      const line = await runWorker(variant, mode);
      results.push({ round, ...line });
      process.stderr.write(
        `round ${round + 1}/${rounds} ${mode.padEnd(6)} ${variant.padEnd(12)} median ${line.medianUs.toFixed(0)} µs, ` +
          `cpu ${line.cpuUsPerCall.toFixed(0)} µs/call, ${line.chunksPerCall} chunks\n`,
      );
    }
  }
}
mock.child.kill();
sink.child.kill();

printReport();

function runWorker(variant, mode) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(peersDir, "overhead-worker.mjs"),
        "--variant",
        variant,
        "--mode",
        mode,
        "--calls",
        String(calls),
        "--chunks",
        String(chunks),
        "--mock",
        mock.url,
        "--sink",
        sink.url,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (data) => {
      out += data;
    });
    child.stderr.on("data", (data) => {
      err += data;
    });
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop();
      if (code !== 0 || !last) return reject(new Error(`${variant}/${mode} exited ${code}: ${err}`));
      resolve(JSON.parse(last));
    });
  });
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function printReport() {
  const lines = [];
  lines.push(
    `node ${process.version}, ${calls} calls × ${rounds} rounds per variant and mode, stream = ${chunks} chunks`,
  );
  lines.push("");
  lines.push(
    "| mode | variant | median latency µs | added latency µs (vs unwrapped, same round) | CPU µs/call | added CPU |",
  );
  lines.push("|---|---|---|---|---|---|");
  for (const mode of modes) {
    for (const variant of variants) {
      const mine = results.filter((r) => r.mode === mode && r.variant === variant);
      const added = [];
      const addedCpu = [];
      for (const r of mine) {
        const base = results.find((b) => b.mode === mode && b.variant === "unwrapped" && b.round === r.round);
        if (!base) continue;
        added.push(r.medianUs - base.medianUs);
        addedCpu.push((r.cpuUsPerCall - base.cpuUsPerCall) / base.cpuUsPerCall);
      }
      const fmtAdded = added.length && variant !== "unwrapped" ? median(added).toFixed(0) : "–";
      const fmtCpu =
        addedCpu.length && variant !== "unwrapped" ? `${(median(addedCpu) * 100).toFixed(1)} %` : "–";
      lines.push(
        `| ${mode} | ${variant} | ${median(mine.map((r) => r.medianUs)).toFixed(0)} | ${fmtAdded} | ` +
          `${median(mine.map((r) => r.cpuUsPerCall)).toFixed(0)} | ${fmtCpu} |`,
      );
    }
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
