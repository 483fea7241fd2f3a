import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { test } from "vitest";
import { insertSpans } from "./insert-spans.js";
import { metrics } from "./metrics-query.js";
import { type Database, openDatabase } from "./open-database.js";
import { createProject } from "./project-repository.js";
import { listSessions } from "./session-queries.js";
import { listSpans } from "./span-queries.js";
import { createSpanWriter } from "./span-writer.js";
import { BASE_TIME, makeSpan, randomTraceId } from "./test-support/make-span.js";
import { startEmbeddedPostgres } from "./test-support/start-embedded-postgres.js";
import { listTraces } from "./trace-queries.js";

const models = ["gpt-4o", "claude", "gemini", "llama"];
function dataset(n: number) {
  const out = [];
  let trace = randomTraceId();
  for (let i = 0; i < n; i++) {
    if (i % 5 === 0) trace = randomTraceId();
    out.push(
      makeSpan({
        trace_id: trace,
        start_time: BASE_TIME + i * 1000,
        model: models[i % 4] as string,
        session_id: `s-${i % 2000}`,
        customer_id: `c-${i % 300}`,
        tags: i % 10 === 0 ? ["x"] : [],
        metadata: { plan: i % 3 ? "pro" : "free" },
        duration_ms: (i * 7919) % 5000,
        time_to_first_token_ms: (i * 31) % 700,
      }),
    );
  }
  return out;
}
async function time<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  console.log(label, (performance.now() - t0).toFixed(1), "ms");
  return r;
}
async function bench(name: string, db: Database) {
  const p = (await createProject(db, { name: "b" })).id;
  const data = dataset(100_000);
  await time(`${name} insertSpans 100k in 20 tx of 5000`, async () => {
    for (let i = 0; i < 100_000; i += 5000) await insertSpans(db, p, data.slice(i, i + 5000));
  });
  const p2 = (await createProject(db, { name: "b2" })).id;
  const w = createSpanWriter(db);
  const small = dataset(10_000);
  await time(`${name} writer 1000 concurrent requests x 10 spans`, async () => {
    await Promise.all(Array.from({ length: 1000 }, (_, i) => w.write(p2, small.slice(i * 10, i * 10 + 10))));
  });
  console.log(name, "writer stats", w.stats());
  const p3 = (await createProject(db, { name: "b3" })).id;
  const w3 = createSpanWriter(db);
  await time(`${name} writer 1000 sequential requests x 10 spans (one fsync each)`, async () => {
    for (let i = 0; i < 1000; i++) await w3.write(p3, small.slice(i * 10, i * 10 + 10));
  });
  await time(`${name} listSpans first page`, () => listSpans(db, p, {}, { limit: 50 }));
  await time(`${name} listSpans content`, () => listSpans(db, p, {}, { limit: 50, includeContent: true }));
  await time(`${name} listSpans model filter`, () => listSpans(db, p, { model: "claude" }, { limit: 50 }));
  await time(`${name} listSpans tag filter`, () => listSpans(db, p, { tags: ["x"] }, { limit: 50 }));
  await time(`${name} listSpans metadata filter`, () =>
    listSpans(db, p, { metadata: { plan: "free" } }, { limit: 50 }),
  );
  await time(`${name} listTraces first page (100k spans)`, () => listTraces(db, p, {}, { limit: 50 }));
  await time(`${name} listTraces 1h window`, () =>
    listTraces(db, p, { from: BASE_TIME + 50_000_000_000, to: BASE_TIME + 53_600_000_000 }, { limit: 50 }),
  );
  await time(`${name} listSessions`, () => listSessions(db, p, {}, { limit: 50 }));
  await time(`${name} metrics by model (100k)`, () => metrics(db, p, { group_by: "model" }));
  await time(`${name} metrics by hour (100k)`, () => metrics(db, p, { group_by: "hour" }));
  await time(`${name} metrics by customer (100k)`, () => metrics(db, p, { group_by: "customer_id" }));
}
test("bench", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bench-"));
  const s = await openDatabase(`sqlite:${join(dir, "b.db")}`);
  await bench("sqlite(FULL)", s);
  await s.close();
  const pg = await startEmbeddedPostgres();
  const url = await pg.createDatabase();
  const d = await openDatabase(url);
  await bench("pg(fsync=off)", d);
  await d.close();
  await pg.stop();
}, 600_000);
