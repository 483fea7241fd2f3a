#!/usr/bin/env node
/**
 * Where the ingest CPU goes, phase by phase, in one process (no HTTP, no child server): the
 * benchmark's OTLP protobuf bodies are decoded, normalised, priced and written through the
 * compiled server's own functions, N requests per SQLite transaction as the group-commit writer
 * does, and the CPU of each phase is summed (process CPU time, so GC and helper threads count).
 * Pass several `--repo` directories (each a checkout with a built server) to compare builds side
 * by side in alternating rounds, which is the only fair comparison on a noisy machine.
 *
 * Numbers only: nothing here asserts a timing.
 *
 *   npm run build -w @fallom/server && node bench/ingest-phases.mjs
 *   node bench/ingest-phases.mjs --repo /tmp/before --repo . --rounds 3
 *
 * Options: --bodies N (200 requests of 100 spans) --per-transaction N (4 requests) --rounds N (1)
 *          --repo DIR (repeatable; default: this checkout)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildRequestBody, loadOtlpEncoder } from "./lib/otlp-bodies.mjs";
import { createRandom } from "./lib/seeded-random.mjs";
import { table } from "./lib/stats.mjs";

const { values: args } = parseArgs({
  options: {
    bodies: { type: "string", default: "200" },
    "per-transaction": { type: "string", default: "4" },
    rounds: { type: "string", default: "1" },
    repo: { type: "string", multiple: true },
  },
});
const BODIES = Number(args.bodies);
const PER_TRANSACTION = Number(args["per-transaction"]);
const REPOS = (args.repo?.length ? args.repo : [fileURLToPath(new URL("..", import.meta.url))]).map((dir) =>
  resolve(dir),
);
const PHASES = ["decode", "normalise", "price + media", "span rows", "duplicates", "rollups", "commit"];

function encodeBodies() {
  const encoder = loadOtlpEncoder();
  const random = createRandom(1);
  const baseNanos = BigInt(Date.now() - 3_600_000) * 1_000_000n;
  return Array.from({ length: BODIES }, () => {
    const body = buildRequestBody(encoder, random, {
      spans: 100,
      sessions: 2_000,
      customers: 300,
      baseNanos,
    });
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  });
}

async function loadServer(repo) {
  const dist = join(repo, "packages/server/dist/");
  const load = (path) => import(join(dist, path));
  return {
    ...(await load("ingest/decode-otlp-protobuf.js")),
    ...(await load("ingest/normalise/index.js")),
    ...(await load("ingest/ingest-spans.js")),
    ...(await load("store/open-database.js")),
    ...(await load("store/rollup-changes.js")),
    ...(await load("store/cross-source-duplicates.js")),
    ...(await load("store/flush-rollup-changes.js")),
  };
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** One pass over the bodies with one build; CPU ms per phase. */
async function run(server, bodies) {
  const directory = mkdtempSync(join(tmpdir(), "fallom-ingest-phases-"));
  const database = await server.openDatabase(`sqlite:${join(directory, "bench.db")}`);
  const writes = database.sqliteSpanWrites;
  if (!writes) throw new Error("expected the SQLite span writes");
  const spent = Object.fromEntries(PHASES.map((phase) => [phase, 0]));
  const project = { id: "default", storeContent: true, priceOverrides: [] };
  let queued = [];
  const ports = {
    parentContexts: async () => new Map(),
    putMedia: async () => {},
    write: async (_projectId, records) => {
      queued.push(...records);
    },
  };
  let spans = 0;
  const total = cpuMs();
  for (const [index, body] of bodies.entries()) {
    let start = cpuMs();
    const decoded = server.decodeOtlpProtobuf(body);
    spent.decode += cpuMs() - start;
    start = cpuMs();
    const normalised = decoded.spans.map((span) => server.normaliseOtlpSpan(span, {}));
    spent.normalise += cpuMs() - start;
    start = cpuMs();
    await server.ingestSpans(project, ports, normalised);
    spent["price + media"] += cpuMs() - start;
    spans += normalised.length;
    if ((index + 1) % PER_TRANSACTION !== 0 && index !== bodies.length - 1) continue;
    const records = queued;
    queued = [];
    let commitStart = 0;
    await database.kysely.transaction().execute(async (trx) => {
      let at = cpuMs();
      const changes = new server.RollupChanges();
      writes.write(project.id, records, changes);
      spent["span rows"] += cpuMs() - at;
      at = cpuMs();
      await server.linkCrossSourceDuplicates(
        trx,
        database.dialect,
        project.id,
        records,
        changes,
        writes.findLlmSpansByResponseIds,
      );
      spent.duplicates += cpuMs() - at;
      at = cpuMs();
      await server.flushRollupChanges(trx, database.dialect, project.id, changes, writes.rollupRows);
      spent.rollups += cpuMs() - at;
      commitStart = cpuMs();
    });
    spent.commit += cpuMs() - commitStart;
  }
  const totalMs = cpuMs() - total;
  await database.close();
  rmSync(directory, { recursive: true, force: true });
  return { spans, totalMs, spent };
}

const bodies = encodeBodies();
const servers = [];
for (const repo of REPOS) servers.push({ repo, server: await loadServer(repo) });
process.stdout.write(
  `ingest phases — ${new Date().toISOString()}; ${BODIES} requests of 100 spans, ${PER_TRANSACTION} per transaction\n`,
);
const rows = [];
for (let round = 1; round <= Number(args.rounds); round += 1) {
  for (const { repo, server } of servers) {
    const { spans, totalMs, spent } = await run(server, bodies);
    const perSpan = (ms) => ((ms * 1000) / spans).toFixed(1);
    rows.push([repo, String(round), ...PHASES.map((phase) => perSpan(spent[phase])), perSpan(totalMs)]);
  }
}
process.stdout.write(`CPU µs per span\n${table(["build", "round", ...PHASES, "total"], rows)}\n`);
