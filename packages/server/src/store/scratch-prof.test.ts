import { test } from "vitest";
import { insertSpans } from "./insert-spans.js";
import { openDatabase } from "./open-database.js";
import { createProject } from "./project-repository.js";
import { toContentRow, toSpanRow } from "./span-row.js";
import { BASE_TIME, makeSpan, randomTraceId } from "./test-support/make-span.js";

test("prof", async () => {
  const db = await openDatabase("sqlite::memory:");
  const p = (await createProject(db, { name: "b" })).id;
  const recs = Array.from({ length: 5000 }, (_, i) =>
    makeSpan({ start_time: BASE_TIME + i, trace_id: randomTraceId() }),
  );
  const rows = recs.slice(0, 650).map((r) => toSpanRow(p, r, 1));
  let t0 = performance.now();
  const q = db.kysely
    .insertInto("spans")
    .values(rows)
    .onConflict((c) => c.columns(["project_id", "trace_id", "span_id"]).doNothing());
  console.log("build", performance.now() - t0);
  t0 = performance.now();
  const c = q.compile();
  console.log("compile 650 rows", performance.now() - t0, c.parameters.length);
  t0 = performance.now();
  const crow = recs.slice(0, 650).map((r) => toContentRow(p, r)!);
  t0 = performance.now();
  db.kysely.insertInto("span_content").values(crow).compile();
  console.log("compile content 650", performance.now() - t0);
  t0 = performance.now();
  recs.map((r) => toSpanRow(p, r, 1));
  recs.map((r) => toContentRow(p, r));
  console.log("map 5000", performance.now() - t0);
  t0 = performance.now();
  await insertSpans(db, p, recs);
  console.log("insert 5000 (memory)", performance.now() - t0);
  t0 = performance.now();
  await insertSpans(db, p, recs);
  console.log("re-insert 5000 (memory)", performance.now() - t0);
  await db.close();
}, 60000);
