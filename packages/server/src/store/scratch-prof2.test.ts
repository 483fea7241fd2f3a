import { CompiledQuery } from "kysely";
import { test } from "vitest";
import { openDatabase } from "./open-database.js";
import { createProject } from "./project-repository.js";
import { CONTENT_COLUMNS, SPAN_COLUMNS, toContentRow, toSpanRow } from "./span-row.js";
import { BASE_TIME, makeSpan, randomTraceId } from "./test-support/make-span.js";

test("prof2", async () => {
  const db = await openDatabase("sqlite::memory:");
  const p = (await createProject(db, { name: "b" })).id;
  const recs = Array.from({ length: 5000 }, (_, i) =>
    makeSpan({ start_time: BASE_TIME + i, trace_id: randomTraceId() }),
  );
  let t0 = performance.now();
  const rows = recs.map((r) => toSpanRow(p, r, 1));
  console.log("map spans", performance.now() - t0);
  t0 = performance.now();
  const crows = recs.map((r) => toContentRow(p, r)!);
  console.log("map content", performance.now() - t0);
  t0 = performance.now();
  await db.kysely.transaction().execute(async (trx) => {
    const per = 650;
    for (let i = 0; i < rows.length; i += per) {
      const part = rows.slice(i, i + per);
      const group = `(${SPAN_COLUMNS.map(() => "?").join(",")})`;
      const text = `insert into spans (${SPAN_COLUMNS.join(",")}) values ${part.map(() => group).join(",")} on conflict do nothing`;
      const params = part.flatMap((r) => SPAN_COLUMNS.map((c) => r[c]));
      await trx.executeQuery(CompiledQuery.raw(text, params));
    }
    console.log("raw spans 5000", performance.now() - t0);
    t0 = performance.now();
    const cols = ["project_id", "trace_id", "span_id", ...CONTENT_COLUMNS] as const;
    const per2 = 2500;
    for (let i = 0; i < crows.length; i += per2) {
      const part = crows.slice(i, i + per2);
      const group = `(${cols.map(() => "?").join(",")})`;
      const text = `insert into span_content (${cols.join(",")}) values ${part.map(() => group).join(",")} on conflict do nothing`;
      const params = part.flatMap((r) => cols.map((c) => r[c]));
      await trx.executeQuery(CompiledQuery.raw(text, params));
    }
    console.log("raw content 5000", performance.now() - t0);
    t0 = performance.now();
  });
  await db.close();
}, 60000);
