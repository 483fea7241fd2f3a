#!/usr/bin/env node
/**
 * Writes a deterministic data set of N spans (default 1,000,000) for project "default" straight
 * into a SQLite database with the server's schema — migrated by the compiled server's own
 * `openDatabase` — for the query benchmark (issue 2, "Performance"). Optionally copies it into
 * PostgreSQL too.
 *
 * Shape (seeded PRNG, same rows every run): 30 days ending at --end, ~2,000 sessions of very
 * different sizes, ~300 customers (a few heavy ones), 8 chat models + 1 embedding model, 20
 * config keys, tags on ~30 % of spans, metadata {plan, region, app_version}, ~2 % LLM errors,
 * streaming/TTFT, prompt linkage, tokens and costs (one model unpriced), traces of 1–5 spans
 * (single calls, agent runs with tools, RAG chains), small span_content rows, custom metrics and
 * A/B assignments for some sessions.
 *
 * Fast path: secondary indexes are dropped during the load and recreated from the migration's
 * own SQL (read from sqlite_master) afterwards; `synchronous=OFF` during the load only. No
 * ANALYZE is run, because the server never runs one: the planner sees what production would.
 *
 *   npm run build && node bench/generate-spans.mjs --out /tmp/fallom-bench-1m
 *   node bench/generate-spans.mjs --out /tmp/fallom-bench-1m --postgres-url postgres://…/db
 *
 * Writes <out>/fallom.db (the server's default file under --data-dir <out>) and
 * <out>/bench-dataset.json (key, time range and sample values for bench/queries.mjs).
 *
 * Options: --out DIR (required) --spans N (1000000) --sessions N (2000) --customers N (300)
 *          --days N (30) --end ISO (2025-06-01T00:00:00Z) --seed N (7) --postgres-url URL
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { CONFIG_KEYS, ERROR_TYPES, MODELS, PLANS, REGIONS, TAGS } from "./lib/catalog.mjs";
import { copySqliteToPostgres } from "./lib/copy-to-postgres.mjs";
import { createRandom, cumulativeWeights, makeText, zipfWeights } from "./lib/seeded-random.mjs";
import { requireBuiltServer, SERVER_DIST } from "./lib/server-process.mjs";
import { fixed, grouped } from "./lib/stats.mjs";

const { values: args } = parseArgs({
  options: {
    out: { type: "string" },
    spans: { type: "string", default: "1000000" },
    sessions: { type: "string", default: "2000" },
    customers: { type: "string", default: "300" },
    days: { type: "string", default: "30" },
    end: { type: "string", default: "2025-06-01T00:00:00Z" },
    seed: { type: "string", default: "7" },
    "postgres-url": { type: "string" },
  },
});
if (!args.out) {
  process.stderr.write(
    "usage: node bench/generate-spans.mjs --out <dir> [--spans 1000000] [--postgres-url URL]\n",
  );
  process.exit(2);
}

const BENCH_API_KEY = "flm_benchQueries0000000000000000000000000000";
const PROJECT_ID = "default";
const TOTAL_SPANS = Number(args.spans);
const SESSIONS = Number(args.sessions);
const CUSTOMERS = Number(args.customers);
const DAYS = Number(args.days);
const END_MICROS = Date.parse(String(args.end)) * 1000;
const START_MICROS = END_MICROS - DAYS * 86_400_000_000;
const HOUR = 3_600_000_000;
const EMBEDDING_MODEL = { model: "text-embedding-3-small", provider: "openai", priceIn: 0.02 };
const TRANSACTION_ROWS = 50_000;

requireBuiltServer();
const log = (/** @type {string} */ line) => process.stdout.write(`${line}\n`);
const started = performance.now();
const elapsed = () => `${fixed((performance.now() - started) / 1000, 1)} s`;

const outDir = resolve(String(args.out));
const dbPath = join(outDir, "fallom.db");
await mkdir(outDir, { recursive: true });
for (const suffix of ["", "-wal", "-shm"]) await rm(`${dbPath}${suffix}`, { force: true });

// ---------------------------------------------------------------------------------------------
// Schema, project and key through the server's own code.
// ---------------------------------------------------------------------------------------------
{
  const { openDatabase } = await import(`${SERVER_DIST}store/open-database.js`);
  const { ensureDefaultProject } = await import(`${SERVER_DIST}store/project-repository.js`);
  const { createApiKey } = await import(`${SERVER_DIST}store/api-key-repository.js`);
  const database = await openDatabase(`sqlite:${dbPath}`);
  await ensureDefaultProject(database);
  await createApiKey(database, PROJECT_ID, "bench", BENCH_API_KEY);
  await database.close();
}

const db = new BetterSqlite3(dbPath);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = OFF");
db.pragma("cache_size = -1048576");
db.pragma("temp_store = MEMORY");

/** @type {Array<{ name: string, sql: string }>} */
const secondaryIndexes = db
  .prepare(
    "select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ('spans', 'span_tags')",
  )
  .all();
for (const index of secondaryIndexes) db.exec(`drop index ${index.name}`);

const columnsOf = (/** @type {string} */ table) =>
  db
    .prepare(`pragma table_info(${table})`)
    .all()
    .map((/** @type {any} */ column) => /** @type {string} */ (column.name));
const insertStatement = (/** @type {string} */ table, /** @type {string[]} */ columns) =>
  db.prepare(
    `insert into ${table} (${columns.join(", ")}) values (${columns.map((c) => `@${c}`).join(", ")})`,
  );
const insertSpan = insertStatement("spans", columnsOf("spans"));
const insertContent = insertStatement("span_content", columnsOf("span_content"));
const insertTag = insertStatement("span_tags", columnsOf("span_tags"));
const insertMetrics = insertStatement("custom_metrics", columnsOf("custom_metrics"));
const insertAssignment = insertStatement("session_assignments", columnsOf("session_assignments"));

// ---------------------------------------------------------------------------------------------
// Sessions and traces (headers only), then spans in time order.
// ---------------------------------------------------------------------------------------------
const random = createRandom(Number(args.seed));
const customerWeights = cumulativeWeights(zipfWeights(CUSTOMERS, 1));
const configWeights = cumulativeWeights(zipfWeights(CONFIG_KEYS.length, 0.7));
const modelWeights = cumulativeWeights(MODELS.map((m) => m.weight));
const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({
  id: `cus_${String(i).padStart(4, "0")}`,
  plan: PLANS[i % PLANS.length],
  region: random.pick(REGIONS),
}));

const sessions = Array.from({ length: SESSIONS }, (_, i) => {
  const duration = Math.min(3 * 24 * HOUR, Math.round(random.logNormal(2 * HOUR, 1)));
  const configIndex = random.weighted(configWeights);
  return {
    id: `sess_${String(i).padStart(5, "0")}`,
    customer: /** @type {(typeof customers)[number]} */ (customers[random.weighted(customerWeights)]),
    configKey: /** @type {string} */ (CONFIG_KEYS[configIndex]),
    // Each config key has a main model; a session mostly uses it.
    mainModel: /** @type {(typeof MODELS)[number]} */ (MODELS[configIndex % MODELS.length]),
    appVersion: `2.${random.int(0, 9)}.${random.int(0, 20)}`,
    start: START_MICROS + Math.floor(random.next() * (END_MICROS - START_MICROS - duration)),
    duration,
    size: random.logNormal(1, 0.9),
    sdk: random.next() < 0.8 ? "sdk-ts" : "sdk-py",
  };
});
const sessionWeights = cumulativeWeights(sessions.map((s) => s.size));

/** Trace shapes: [kind of root, span count] drawn per trace; spans are made when emitted. */
const SHAPES = [
  { name: "call", weight: 55 },
  { name: "agent", weight: 25 },
  { name: "rag", weight: 12 },
  { name: "manual", weight: 8 },
];
const shapeWeights = cumulativeWeights(SHAPES.map((s) => s.weight));
/** @type {Array<{ start: number, session: number, seed: number, shape: number }>} */
const traces = [];
let plannedSpans = 0;
while (plannedSpans < TOTAL_SPANS) {
  const sessionIndex = random.weighted(sessionWeights);
  const session = /** @type {(typeof sessions)[number]} */ (sessions[sessionIndex]);
  const shape = random.weighted(shapeWeights);
  traces.push({
    start: session.start + Math.floor(random.next() * session.duration),
    session: sessionIndex,
    // Distinct for every trace (an odd multiplier is a bijection mod 2^32): no two traces share ids.
    seed: (Math.imul(traces.length, 0x9e3779b1) + Number(args.seed)) >>> 0,
    shape,
  });
  plannedSpans += [1, 5, 4, 2][shape] ?? 1;
}
traces.sort((a, b) => a.start - b.start);
log(`${grouped(traces.length)} traces over ${SESSIONS} sessions planned (${elapsed()})`);

const json = JSON.stringify;

/**
 * @param {ReturnType<typeof createRandom>} r
 * @param {(typeof sessions)[number]} session
 */
function baseSpan(r, session, traceId, parent, name, kind, start, durationMs) {
  const tags = TAGS.filter(() => r.next() < 0.04);
  return {
    project_id: PROJECT_ID,
    trace_id: traceId,
    span_id: r.hex(16),
    parent_span_id: parent,
    name,
    kind,
    source: session.sdk,
    start_time: start,
    end_time: start + Math.round(durationMs * 1000),
    duration_ms: durationMs,
    ttft_ms: null,
    is_streaming: 0,
    status: "OK",
    error_type: null,
    error_message: null,
    config_key: session.configKey,
    session_id: session.id,
    customer_id: session.customer.id,
    metadata: json({
      plan: session.customer.plan,
      region: session.customer.region,
      app_version: session.appVersion,
    }),
    tags: json(tags),
    prompt_key: null,
    prompt_version: null,
    prompt_ab_test_key: null,
    prompt_variant_index: null,
    provider: null,
    upstream_provider: null,
    operation: null,
    request_model: null,
    response_model: null,
    model: null,
    response_id: null,
    finish_reasons: "[]",
    input_tokens: null,
    output_tokens: null,
    cache_read_tokens: null,
    cache_write_tokens: null,
    reasoning_tokens: null,
    total_tokens: null,
    reported_cost_usd: null,
    reported_input_cost_usd: null,
    reported_output_cost_usd: null,
    cost_usd: null,
    input_cost_usd: null,
    output_cost_usd: null,
    cost_status: "no_usage",
    price_ref: null,
    request_params: "{}",
    is_aggregate: 0,
    duplicate_of: null,
    ingested_at: start + Math.round(durationMs * 1000) + 1_500_000,
    // not a column: carried to the tag and content rows
    _tags: tags,
  };
}

/** @param {ReturnType<typeof createRandom>} r */
function llmSpan(r, session, traceId, parent, start) {
  const model = r.next() < 0.7 ? session.mainModel : (MODELS[r.weighted(modelWeights)] ?? session.mainModel);
  const durationMs = Math.round(r.logNormal(1100, 0.7));
  const span = baseSpan(r, session, traceId, parent, model.method, "llm", start, durationMs);
  const streaming = r.next() < 0.4;
  const input = Math.round(r.logNormal(900, 0.8)) + 20;
  const output = Math.round(r.logNormal(180, 0.7)) + 5;
  const cacheRead = r.next() < 0.3 ? Math.floor(input * 0.5) : null;
  const reasoning = model.reasoning ? Math.floor(output * 0.6) : null;
  const failed = r.next() < 0.02;
  Object.assign(span, {
    ttft_ms: streaming ? Math.round(r.logNormal(380, 0.5)) : null,
    is_streaming: streaming ? 1 : 0,
    status: failed ? "ERROR" : "OK",
    error_type: failed ? r.pick(ERROR_TYPES) : null,
    error_message: failed ? "upstream returned an error" : null,
    provider: model.provider,
    operation: "chat",
    request_model: model.model,
    response_model: model.model,
    model: model.model,
    response_id: failed ? null : `resp_${r.hex(24)}`,
    finish_reasons: failed ? "[]" : json([r.next() < 0.95 ? "stop" : "length"]),
    input_tokens: failed ? null : input,
    output_tokens: failed ? null : output,
    cache_read_tokens: failed ? null : cacheRead,
    reasoning_tokens: failed ? null : reasoning,
    total_tokens: failed ? null : input + output,
    request_params: json({ temperature: 0.3, max_tokens: 1024, stream: streaming }),
  });
  if (!failed) {
    if (model.priceIn === null || model.priceOut === null) {
      span.cost_status = "unpriced";
    } else {
      const inputCost = (input * model.priceIn) / 1e6;
      const outputCost = (output * model.priceOut) / 1e6;
      Object.assign(span, {
        input_cost_usd: inputCost,
        output_cost_usd: outputCost,
        cost_usd: inputCost + outputCost,
        cost_status: "computed",
        price_ref: `bench:${model.provider}/${model.model}`,
      });
    }
  }
  if (r.next() < 0.4) {
    span.prompt_key = `${session.configKey}-prompt`;
    span.prompt_version = r.int(1, 5);
    if (r.next() < 0.25) {
      span.prompt_ab_test_key = `${session.configKey}-ab`;
      span.prompt_variant_index = r.int(0, 1);
    }
  }
  return span;
}

/** @param {ReturnType<typeof createRandom>} r */
function embeddingSpan(r, session, traceId, parent, start) {
  const span = baseSpan(
    r,
    session,
    traceId,
    parent,
    "embeddings.create",
    "embedding",
    start,
    Math.round(r.logNormal(120, 0.5)),
  );
  const input = r.int(20, 400);
  const cost = (input * EMBEDDING_MODEL.priceIn) / 1e6;
  Object.assign(span, {
    provider: EMBEDDING_MODEL.provider,
    operation: "embeddings",
    request_model: EMBEDDING_MODEL.model,
    response_model: EMBEDDING_MODEL.model,
    model: EMBEDDING_MODEL.model,
    input_tokens: input,
    output_tokens: 0,
    total_tokens: input,
    input_cost_usd: cost,
    output_cost_usd: 0,
    cost_usd: cost,
    cost_status: "computed",
    price_ref: `bench:openai/${EMBEDDING_MODEL.model}`,
  });
  return span;
}

/** The spans of one trace, parents first. */
function traceSpans(trace) {
  const r = createRandom(trace.seed);
  const session = /** @type {(typeof sessions)[number]} */ (sessions[trace.session]);
  const traceId = r.hex(32);
  const shape = SHAPES[trace.shape]?.name;
  if (shape === "call") return [llmSpan(r, session, traceId, null, trace.start)];
  if (shape === "manual") {
    const root = baseSpan(r, session, traceId, null, "handle_request", "custom", trace.start, 0);
    const child = llmSpan(r, session, traceId, root.span_id, trace.start + 2_000);
    root.duration_ms = (child.end_time - trace.start) / 1000 + 5;
    root.end_time = trace.start + Math.round(root.duration_ms * 1000);
    return [root, child];
  }
  if (shape === "rag") {
    const root = baseSpan(r, session, traceId, null, "rag.answer", "chain", trace.start, 0);
    const embed = embeddingSpan(r, session, traceId, root.span_id, trace.start + 1_000);
    const retrieve = baseSpan(
      r,
      session,
      traceId,
      root.span_id,
      "vector.search",
      "retrieval",
      embed.end_time + 500,
      Math.round(r.logNormal(40, 0.5)),
    );
    const answer = llmSpan(r, session, traceId, root.span_id, retrieve.end_time + 500);
    root.duration_ms = (answer.end_time - trace.start) / 1000 + 3;
    root.end_time = trace.start + Math.round(root.duration_ms * 1000);
    return [root, embed, retrieve, answer];
  }
  // agent: a plan call, one or two tool calls, a final answer
  const root = baseSpan(r, session, traceId, null, "agent.run", "agent", trace.start, 0);
  const plan = llmSpan(r, session, traceId, root.span_id, trace.start + 1_000);
  const tool = baseSpan(
    r,
    session,
    traceId,
    root.span_id,
    "execute_tool search_orders",
    "tool",
    plan.end_time + 200,
    Math.round(r.logNormal(150, 0.8)),
  );
  tool.operation = "execute_tool";
  const tool2 = baseSpan(
    r,
    session,
    traceId,
    root.span_id,
    "execute_tool lookup_customer",
    "tool",
    tool.end_time + 200,
    Math.round(r.logNormal(80, 0.8)),
  );
  tool2.operation = "execute_tool";
  const answer = llmSpan(r, session, traceId, root.span_id, tool2.end_time + 300);
  if (plan.status === "ERROR" || answer.status === "ERROR") root.status = "ERROR";
  root.duration_ms = (answer.end_time - trace.start) / 1000 + 2;
  root.end_time = trace.start + Math.round(root.duration_ms * 1000);
  return [root, plan, tool, tool2, answer];
}

/** Small content rows: a short prompt and answer per LLM call, arguments and result per tool. */
function contentRow(r, span) {
  const message = (/** @type {string} */ role, /** @type {number} */ chars) => ({
    role,
    parts: [{ type: "text", content: makeText(r, chars) }],
  });
  const base = {
    project_id: PROJECT_ID,
    trace_id: span.trace_id,
    span_id: span.span_id,
    input_messages: null,
    system_instructions: null,
    output_messages: null,
    tool_definitions: null,
    raw_request: null,
    raw_response: null,
    attributes: null,
    events: null,
    resource: json({
      "service.name": "bench-app",
      "telemetry.sdk.name": span.source === "sdk-py" ? "fallom" : "@fallom/trace",
    }),
  };
  if (span.kind === "llm") {
    return {
      ...base,
      input_messages: json([message("user", r.int(60, 240))]),
      output_messages: json(span.status === "ERROR" ? [] : [message("assistant", r.int(40, 200))]),
      attributes: json({ "fallom.method": span.name, "fallom.sdk_version": "3" }),
    };
  }
  if (span.kind === "tool") {
    return {
      ...base,
      input_messages: json([
        { role: "tool", parts: [{ type: "json", content: { query: makeText(r, 30) } }] },
      ]),
      output_messages: json([{ role: "tool", parts: [{ type: "json", content: { rows: r.int(0, 20) } }] }]),
    };
  }
  return null;
}

let written = 0;
let contentRows = 0;
let tagRows = 0;
let errors = 0;
/** @type {Map<string, number>} spans per session, for the sidecar */
const spansPerSession = new Map();
const writeBatch = db.transaction((/** @type {any[]} */ spans) => {
  for (const span of spans) {
    const tags = span._tags;
    delete span._tags;
    insertSpan.run(span);
    for (const tag of tags) {
      insertTag.run({
        project_id: PROJECT_ID,
        trace_id: span.trace_id,
        span_id: span.span_id,
        tag,
        start_time: span.start_time,
      });
      tagRows += 1;
    }
  }
});
const writeContent = db.transaction((/** @type {any[]} */ rows) => {
  for (const row of rows) insertContent.run(row);
});

const contentRandom = createRandom(Number(args.seed) + 1);
let pending = [];
let pendingContent = [];
for (const trace of traces) {
  for (const span of traceSpans(trace)) {
    if (written >= TOTAL_SPANS) break;
    pending.push(span);
    const content = contentRow(contentRandom, span);
    if (content) pendingContent.push(content);
    if (span.status === "ERROR") errors += 1;
    spansPerSession.set(span.session_id, (spansPerSession.get(span.session_id) ?? 0) + 1);
    written += 1;
  }
  if (pending.length >= TRANSACTION_ROWS) {
    writeBatch(pending);
    writeContent(pendingContent);
    contentRows += pendingContent.length;
    pending = [];
    pendingContent = [];
    if (written % 200_000 < TRANSACTION_ROWS) log(`  ${grouped(written)} spans (${elapsed()})`);
  }
  if (written >= TOTAL_SPANS) break;
}
writeBatch(pending);
writeContent(pendingContent);
contentRows += pendingContent.length;
log(
  `${grouped(written)} spans, ${grouped(contentRows)} content rows, ${grouped(tagRows)} tag rows written (${elapsed()})`,
);

// Custom metrics for half the sessions, A/B assignments for sessions of the A/B config keys.
const metricsRandom = createRandom(Number(args.seed) + 2);
db.transaction(() => {
  for (const session of sessions) {
    const iso = new Date(session.start / 1000).toISOString();
    if (metricsRandom.next() < 0.5) {
      insertMetrics.run({
        project_id: PROJECT_ID,
        config_key: session.configKey,
        session_id: session.id,
        data: json({ resolved: metricsRandom.next() < 0.7, csat: metricsRandom.int(1, 5) }),
        updated_at: iso,
      });
    }
    if (session.configKey.endsWith("-v2")) {
      insertAssignment.run({
        project_id: PROJECT_ID,
        config_key: session.configKey,
        session_id: session.id,
        config_version: 1,
        assigned_model: session.mainModel.model,
        first_seen: iso,
        last_seen: iso,
      });
    }
  }
})();

for (const index of secondaryIndexes) db.exec(index.sql);
log(`${secondaryIndexes.length} secondary indexes rebuilt (${elapsed()})`);
db.close();

// The rollups (migration 0002) through the server's own code, as its backfill builds them: the
// load above bypassed the writer.
{
  const { openDatabase } = await import(`${SERVER_DIST}store/open-database.js`);
  const { rebuildRollups } = await import(`${SERVER_DIST}store/rebuild-rollups.js`);
  const database = await openDatabase(`sqlite:${dbPath}`);
  const rolled = await database.kysely
    .transaction()
    .execute((trx) => rebuildRollups(trx, database.dialect, PROJECT_ID));
  await database.close();
  log(`rollups rebuilt from ${grouped(rolled)} spans (${elapsed()})`);
}
{
  const handle = new BetterSqlite3(dbPath);
  handle.pragma("wal_checkpoint(TRUNCATE)");
  handle.close();
}

// The sidecar: what the query benchmark needs to ask sensible questions.
const bySize = [...spansPerSession.entries()].sort((a, b) => b[1] - a[1]);
const dataset = {
  generatedAt: new Date().toISOString(),
  seed: Number(args.seed),
  apiKey: BENCH_API_KEY,
  projectId: PROJECT_ID,
  spans: written,
  contentRows,
  tagRows,
  errors,
  traces: traces.length,
  from: new Date(START_MICROS / 1000).toISOString(),
  to: new Date(END_MICROS / 1000).toISOString(),
  sessions: sessions.map((s) => s.id),
  sessionSizes: { largest: bySize[0]?.[1] ?? 0, median: bySize[Math.floor(bySize.length / 2)]?.[1] ?? 0 },
  customers: customers.map((c) => c.id),
  models: [...MODELS.map((m) => m.model), EMBEDDING_MODEL.model],
  configKeys: CONFIG_KEYS,
  tags: TAGS,
  plans: PLANS,
};
await writeFile(join(outDir, "bench-dataset.json"), `${JSON.stringify(dataset, null, 2)}\n`);
log(`SQLite data set ready: ${dbPath} (${elapsed()})`);

if (args["postgres-url"]) {
  const copied = await copySqliteToPostgres(dbPath, String(args["postgres-url"]), log);
  log(`copied into PostgreSQL: ${grouped(copied.spans)} spans (${elapsed()})`);
}
