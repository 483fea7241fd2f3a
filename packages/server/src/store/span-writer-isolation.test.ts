import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import type { SpanRecord } from "../domain/span-record.js";
import { type Database, openDatabase } from "./open-database.js";
import { ensureDefaultProject } from "./project-repository.js";
import { listSpans } from "./span-queries.js";
import { createSpanWriter } from "./span-writer.js";
import { makeSpan } from "./test-support/make-span.js";

let database: Database | undefined;
let dir = "";
afterEach(async () => {
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

it("commits the good requests of a group whose transaction failed because of one bad request", async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fallom-writer-"));
  database = await openDatabase(`sqlite:${path.join(dir, "db.sqlite")}`);
  const project = await ensureDefaultProject(database);
  const writer = createSpanWriter(database);
  // A NOT NULL column left null makes the insert fail, as a storage-level bug would.
  const bad = { ...makeSpan(), name: null } as unknown as SpanRecord;
  const good = [makeSpan(), makeSpan()];
  const results = await Promise.allSettled([
    writer.write(project.id, [good[0] as SpanRecord]),
    writer.write(project.id, [bad]),
    writer.write(project.id, [good[1] as SpanRecord]),
  ]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(writer.stats().isolatedRetries).toBe(1);
  expect(writer.queuedRows()).toBe(0);
  const stored = await listSpans(database, project.id, {}, { limit: 10, includeContent: false });
  expect(stored.data.map((s) => s.span_id).sort()).toEqual(good.map((s) => s.span_id).sort());
  await writer.close();
});
