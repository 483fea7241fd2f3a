/**
 * Contract: two server processes on one PostgreSQL (ARCHITECTURE "Scale-out"), simulated by two
 * Database instances with their own pools and writers. SQLite is for one process (one writer
 * connection), so these cases run on PostgreSQL only.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiKey, findProjectByKey } from "../../api-key-repository.js";
import { getCustomMetrics, upsertCustomMetrics } from "../../custom-metrics-repository.js";
import { MIGRATION_NAMES } from "../../migrations/migrate-to-latest.js";
import { type Database, openDatabase } from "../../open-database.js";
import { ensureDefaultProject, listProjects } from "../../project-repository.js";
import { getSpan, listSpans } from "../../span-queries.js";
import { createSpanWriter } from "../../span-writer.js";
import { listTraces } from "../../trace-queries.js";
import { BASE_TIME, makeSpan, randomTraceId } from "../make-span.js";
import type { ContractContext } from "./contract-context.js";

async function allSpanIds(database: Database, projectId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await listSpans(database, projectId, {}, { limit: 200, ...(cursor ? { cursor } : {}) });
    ids.push(...page.data.map((span) => span.span_id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

export function multiProcessCases(ctx: ContractContext): void {
  // Registered for PostgreSQL only (not skipped on SQLite): SQLite is one process by design.
  if (ctx.backend !== "postgres") return;
  describe("two processes on one database", () => {
    let second: Database;

    beforeAll(async () => {
      second = await openDatabase(ctx.url());
    });

    afterAll(async () => {
      await second?.close();
    });

    test("two processes starting on an empty database migrate it exactly once", async () => {
      const url = await ctx.freshUrl();
      const [a, b] = await Promise.all([openDatabase(url), openDatabase(url)]);
      try {
        const applied = await sql<{ name: string }>`select name from fallom_migrations`.execute(a.kysely);
        expect(applied.rows.map((row) => row.name).sort()).toEqual(MIGRATION_NAMES);
        await Promise.all([ensureDefaultProject(a), ensureDefaultProject(b)]);
        expect((await listProjects(b)).map((project) => project.id)).toEqual(["default"]);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    test("both ingest overlapping batches at once and read the same data", async () => {
      const projectId = await ctx.newProject();
      const traceId = randomTraceId();
      // Big enough for the two transactions to overlap in time (without key-ordered writes this
      // deadlocks on PostgreSQL).
      const records = Array.from({ length: 4_000 }, (_, i) =>
        makeSpan({ trace_id: traceId, start_time: BASE_TIME + i }),
      );
      const writerA = createSpanWriter(ctx.database());
      const writerB = createSpanWriter(second);
      // Overlapping keys in opposite orders: the classic deadlock shape.
      const results = await Promise.all([
        writerA.write(projectId, records.slice(0, 3_000)),
        writerB.write(projectId, records.slice(1_000).reverse()),
        ...Array.from({ length: 10 }, (_, i) => (i % 2 ? writerA : writerB).write(projectId, [makeSpan()])),
      ]);
      const inserted = results.reduce((sum, r) => sum + r.inserted, 0);
      const skipped = results.reduce((sum, r) => sum + r.skipped, 0);
      expect(inserted).toBe(4_010);
      expect(skipped).toBe(2_000);

      const fromA = await allSpanIds(ctx.database(), projectId);
      const fromB = await allSpanIds(second, projectId);
      expect(fromA).toHaveLength(4_010);
      expect(fromB).toEqual(fromA);
      expect(await listTraces(second, projectId, { trace_id: traceId })).toEqual(
        await listTraces(ctx.database(), projectId, { trace_id: traceId }),
      );
      // Key-ordered writes: no deadlock, so nothing had to be retried.
      expect(writerA.stats().retries + writerB.stats().retries).toBe(0);
      await Promise.all([writerA.close(), writerB.close()]);
    });

    test("a span left incomplete by one process is completed by the other", async () => {
      const projectId = await ctx.newProject();
      const incomplete = makeSpan({ duration_ms: null });
      await createSpanWriter(ctx.database()).write(projectId, [incomplete]);
      const result = await createSpanWriter(second).write(projectId, [
        { ...incomplete, duration_ms: 900, end_time: incomplete.start_time + 900_000 },
      ]);
      expect(result).toEqual({ inserted: 0, replaced: 1, skipped: 0 });
      expect((await getSpan(ctx.database(), projectId, incomplete.span_id))?.duration_ms).toBe(900);
    });

    test("custom metrics written by both at once lose no field", async () => {
      const projectId = await ctx.newProject();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          upsertCustomMetrics(i % 2 ? ctx.database() : second, projectId, "checkout", "s-1", {
            [`field${i}`]: i,
          }),
        ),
      );
      const [merged] = await getCustomMetrics(second, projectId, "s-1");
      expect(Object.keys(merged?.data ?? {})).toHaveLength(20);
    });

    test("a key created by one process authenticates on the other", async () => {
      const projectId = await ctx.newProject();
      const { key } = await createApiKey(ctx.database(), projectId, "shared");
      expect((await findProjectByKey(second, key))?.project.id).toBe(projectId);
    });
  });
}
