#!/usr/bin/env node
/**
 * Query benchmark (issue 2, "Performance"): the compiled server, as a child process, on the data
 * set written by bench/generate-spans.mjs (1,000,000 spans by default). After a warm-up, each
 * query is sent ~50 times in sequence over one keep-alive connection, rotating through
 * realistic filter values, and p50/p95 are reported against the targets: p95 ≤ 50 ms for lists
 * and details, ≤ 250 ms for 30-day metrics (SQLite).
 *
 * With --explain, every query is also run in this process through the compiled store functions
 * on a connection that records the SQL Kysely generates; each statement is printed with its
 * time and SQLite's EXPLAIN QUERY PLAN — the evidence for why a query misses.
 *
 *   npm run build && node bench/generate-spans.mjs --out /tmp/fallom-bench-1m
 *   node bench/queries.mjs --data /tmp/fallom-bench-1m [--explain]
 *   node bench/queries.mjs --data /tmp/fallom-bench-1m --postgres     # copies the set into an embedded PostgreSQL
 *   node bench/queries.mjs --data /tmp/fallom-bench-1m --database-url postgres://…   # an existing copy
 *
 * Options: --data DIR (required) --requests N (50) --warmup N (3 per query) --only a,b (query names)
 *          --max-seconds S (15: time budget per query; a slow query gets fewer requests, at least 5)
 *          --explain --database-url URL (query a PostgreSQL copy instead of <data>/fallom.db)
 *          --postgres (start an embedded PostgreSQL, copy the data set into it (~1–2 min), query that)
 */
import { readFile } from "node:fs/promises";
import http from "node:http";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { copySqliteToPostgres } from "./lib/copy-to-postgres.mjs";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.mjs";
import { readQueries } from "./lib/read-queries.mjs";
import { loadStoreQueries, openRecordingDatabase } from "./lib/recording-database.mjs";
import { readCpuSeconds, sampleMemory, startServerProcess } from "./lib/server-process.mjs";
import { describeMachine, fixed, grouped, loadAverage, mib, percentile, table } from "./lib/stats.mjs";

const { values: args } = parseArgs({
  options: {
    data: { type: "string" },
    requests: { type: "string", default: "50" },
    warmup: { type: "string", default: "3" },
    only: { type: "string" },
    explain: { type: "boolean", default: false },
    "database-url": { type: "string" },
    "max-seconds": { type: "string", default: "15" },
    postgres: { type: "boolean", default: false },
  },
});
if (!args.data) {
  process.stderr.write(
    "usage: node bench/queries.mjs --data <dir written by generate-spans.mjs> [--explain]\n",
  );
  process.exit(2);
}
const dataDir = resolve(String(args.data));
const dataset = JSON.parse(await readFile(join(dataDir, "bench-dataset.json"), "utf8"));
const REQUESTS = Number(args.requests);
const WARMUP = Number(args.warmup);
/** A query slower than this budget gets fewer requests (at least 5), so one run stays ≤ 5 min. */
const MAX_MS_PER_QUERY = Number(args["max-seconds"]) * 1000;
const MIN_REQUESTS = 5;
const log = (/** @type {string} */ line) => process.stdout.write(`${line}\n`);

const QUERIES = readQueries(dataset).filter(
  (query) => !args.only || String(args.only).split(",").includes(query.name),
);

// ---------------------------------------------------------------------------------------------
// HTTP timing against the server process
// ---------------------------------------------------------------------------------------------

/**
 * @param {http.Agent} agent
 * @param {string} url
 * @returns {Promise<{ status: number, bytes: number }>}
 */
function get(agent, url) {
  return new Promise((resolvePromise, reject) => {
    const request = http.get(
      url,
      { agent, headers: { authorization: `Bearer ${dataset.apiKey}` } },
      (response) => {
        let bytes = 0;
        response.on("data", (chunk) => {
          bytes += chunk.length;
        });
        response.on("end", () => resolvePromise({ status: response.statusCode ?? 0, bytes }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
  });
}

/** @param {string | undefined} databaseUrl */
async function runHttp(databaseUrl) {
  const server = await startServerProcess({
    dataDir,
    apiKey: dataset.apiKey,
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  const memory = sampleMemory(server.pid, 100);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const results = [];
  try {
    for (const query of QUERIES) {
      const warmupStarted = performance.now();
      for (let i = 0; i < WARMUP && (i === 0 || performance.now() - warmupStarted < 3000); i += 1) {
        await get(agent, server.url + query.path(REQUESTS + i));
      }
      /** @type {number[]} */
      const latencies = [];
      let bytes = 0;
      let failures = 0;
      const cpuBefore = readCpuSeconds(server.pid);
      const queryStarted = performance.now();
      for (let i = 0; i < REQUESTS; i += 1) {
        if (i >= MIN_REQUESTS && performance.now() - queryStarted > MAX_MS_PER_QUERY) break;
        const started = performance.now();
        const response = await get(agent, server.url + query.path(i));
        latencies.push(performance.now() - started);
        bytes += response.bytes;
        if (response.status !== 200) failures += 1;
      }
      const requests = latencies.length;
      const cpuMs = ((readCpuSeconds(server.pid) - cpuBefore) * 1000) / requests;
      const row = {
        name: query.name,
        target: query.target,
        p50: percentile(latencies, 0.5),
        p95: percentile(latencies, 0.95),
        max: Math.max(...latencies),
        cpuMs,
        requests,
        kib: bytes / requests / 1024,
        failures,
      };
      results.push(row);
      log(
        `${row.name.padEnd(24)} p50 ${fixed(row.p50).padStart(7)} ms  p95 ${fixed(row.p95).padStart(7)} ms  ` +
          `max ${fixed(row.max).padStart(7)} ms  server CPU ${fixed(row.cpuMs).padStart(6)} ms/req  ` +
          `${fixed(row.kib, 0).padStart(5)} KiB/resp  n=${requests}${failures ? `  ${failures} FAILED` : ""}`,
      );
    }
  } finally {
    agent.destroy();
    const { peakRssKib } = memory.stop();
    await server.stop();
    log(`server peak RSS ${mib(peakRssKib)}; load average now ${loadAverage()}`);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// --explain: the SQL behind each query, its time and its plan (SQLite)
// ---------------------------------------------------------------------------------------------

async function runExplain() {
  const store = await loadStoreQueries();
  const { database, raw, recorded } = await openRecordingDatabase(join(dataDir, "fallom.db"));
  const api = { ...store, database, projectId: dataset.projectId };
  log("");
  log("## EXPLAIN (in-process, compiled store functions, SQLite)");
  log("Each query runs with 5 of its rotating parameter values; the slowest call's statements are shown.");
  for (const query of QUERIES) {
    await query.store(api, 0); // warm
    /** @type {number[]} */
    const totals = [];
    /** @type {typeof recorded} */
    let slowest = [];
    let slowestMs = -1;
    for (let i = 0; i < 5; i += 1) {
      recorded.length = 0;
      const started = performance.now();
      await query.store(api, i);
      const ms = performance.now() - started;
      totals.push(ms);
      if (ms > slowestMs) {
        slowestMs = ms;
        slowest = [...recorded];
      }
    }
    log("");
    log(
      `### ${query.name}: store call median ${fixed(percentile(totals, 0.5))} ms, slowest ${fixed(slowestMs)} ms, ` +
        `${slowest.length} statement(s)`,
    );
    for (const statement of slowest) {
      const shown = statement.sql.replace(/\s+/g, " ");
      log(
        `- ${fixed(statement.ms)} ms, ${statement.rows} row(s): ${shown.length > 600 ? `${shown.slice(0, 600)}…` : shown}`,
      );
      const params = statement.params.map((p) =>
        typeof p === "string" && p.length > 40 ? `${p.slice(0, 40)}…` : p,
      );
      log(
        `  params: ${JSON.stringify(params.length > 12 ? [...params.slice(0, 12), `…${params.length - 12} more`] : params)}`,
      );
      try {
        const plan = raw.prepare(`explain query plan ${statement.sql}`).all(statement.params);
        for (const step of plan) log(`  plan: ${/** @type {any} */ (step).detail}`);
      } catch (error) {
        log(`  plan: (could not explain: ${/** @type {Error} */ (error).message})`);
      }
    }
  }
  await database.close();
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const machine = await describeMachine();
log(
  `query benchmark — ${machine.date}; ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory}, Node ${machine.node}; load average ${machine.loadAverage}`,
);
log(
  `data set: ${grouped(dataset.spans)} spans, ${grouped(dataset.traces)} traces, ${dataset.sessions.length} sessions ` +
    `(median ${dataset.sessionSizes.median} spans, largest ${dataset.sessionSizes.largest}), ` +
    `${dataset.customers.length} customers, ${dataset.from} → ${dataset.to}; ` +
    `database ${args["database-url"] || args.postgres ? "PostgreSQL" : "SQLite"}`,
);
log(
  `${REQUESTS} sequential requests per query (fewer, at least ${MIN_REQUESTS}, past ${MAX_MS_PER_QUERY / 1000} s) ` +
    `after up to ${WARMUP} warm-up requests; one keep-alive connection`,
);
log("");
/** @type {string | undefined} */
let databaseUrl = args["database-url"] ? String(args["database-url"]) : undefined;
/** @type {Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined} */
let embedded;
if (args.postgres) {
  // Reads only: the fast (non-durable) settings make the bulk copy quicker and do not change reads.
  embedded = await startEmbeddedPostgres({ durable: false });
  databaseUrl = await embedded.createDatabase("bench_queries");
  const copyStarted = performance.now();
  await copySqliteToPostgres(join(dataDir, "fallom.db"), databaseUrl, log);
  log(`copied into PostgreSQL in ${fixed((performance.now() - copyStarted) / 1000, 1)} s`);
}
let results;
try {
  results = await runHttp(databaseUrl);
} finally {
  await embedded?.stop();
}
log("");
log(
  table(
    ["query", "n", "p50 ms", "p95 ms", "max ms", "server CPU ms/req", "KiB/resp", "target p95", "met"],
    results.map((row) => [
      row.name,
      row.requests,
      fixed(row.p50),
      fixed(row.p95),
      fixed(row.max),
      fixed(row.cpuMs),
      fixed(row.kib, 0),
      `≤ ${row.target} ms`,
      row.failures > 0 ? "FAILED" : row.p95 <= row.target ? "met" : "NOT met",
    ]),
  ),
);
if (args.explain) {
  if (databaseUrl) log("--explain reads the SQLite file; skipped for PostgreSQL.");
  else await runExplain();
}
