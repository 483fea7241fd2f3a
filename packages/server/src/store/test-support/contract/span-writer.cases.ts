/**
 * Contract: the group-commit writer — concurrent writes share one transaction, a failed
 * transaction rejects every caller in it, and overload is visible before the queue is drained.
 */
import type { Transaction } from "kysely";
import { describe, expect, test } from "vitest";
import type { SpanRecord } from "../../../domain/span-record.js";
import type { Database } from "../../open-database.js";
import type { StoreSchema } from "../../schema.js";
import { listSpans } from "../../span-queries.js";
import { toContentValues, withoutContent } from "../../span-row.js";
import { createSpanWriter, SpanWriterClosedError } from "../../span-writer.js";
import { makeSpan } from "../make-span.js";
import type { ContractContext } from "./contract-context.js";

const spans = (n: number) => Array.from({ length: n }, () => makeSpan());

async function countSpans(ctx: ContractContext, projectId: string): Promise<number> {
  return (await listSpans(ctx.database(), projectId, {}, { limit: 200 })).data.length;
}

export function spanWriterCases(ctx: ContractContext): void {
  describe("span writer", () => {
    test("concurrent writes from many requests commit in one transaction, each caller gets its own result", async () => {
      const projectId = await ctx.newProject();
      const otherProject = await ctx.newProject();
      const writer = createSpanWriter(ctx.database());
      const shared = makeSpan();
      const requests = Array.from({ length: 20 }, (_, i) =>
        writer.write(i % 2 === 0 ? projectId : otherProject, spans(3)),
      );
      const sameSpanTwice = [writer.write(projectId, [shared]), writer.write(projectId, [shared])];
      const results = await Promise.all([...requests, ...sameSpanTwice]);
      expect(writer.stats()).toEqual({
        transactions: 1,
        retries: 0,
        failedTransactions: 0,
        isolatedRetries: 0,
        committedRows: 62,
      });
      expect(results.slice(0, 20).every((r) => r.inserted === 3 && r.skipped === 0)).toBe(true);
      expect(results.slice(20)).toEqual([
        { inserted: 1, replaced: 0, skipped: 0 },
        { inserted: 0, replaced: 0, skipped: 1 },
      ]);
      expect(await countSpans(ctx, projectId)).toBe(31);
      expect(await countSpans(ctx, otherProject)).toBe(30);
      await writer.close();
    });

    test("records sent without content beside their serialised content store the same rows (SQLite)", async () => {
      const projectId = await ctx.newProject();
      const writer = createSpanWriter(ctx.database(), { groupWaitMs: 0 });
      const records = [
        makeSpan({ raw_request: { messages: [{ role: "user", content: "Hi" }] }, events: [{ name: "e" }] }),
        makeSpan({ input_messages: null, output_messages: null, attributes: {} }),
      ];
      const contents = records.map(toContentValues);
      if (ctx.database().dialect.name !== "sqlite") {
        // Only the SQLite span writes take serialised content (the worker writer is SQLite only).
        await expect(writer.write(projectId, records.map(withoutContent), contents)).rejects.toThrow(
          /only written through the SQLite/,
        );
        await writer.close();
        return;
      }
      // One caller with serialised content and one without, grouped in the same transaction.
      const plain = makeSpan();
      const results = await Promise.all([
        writer.write(projectId, records.map(withoutContent), contents),
        writer.write(projectId, [plain]),
      ]);
      expect(results.map((r) => r.inserted)).toEqual([2, 1]);
      expect(writer.stats().transactions).toBe(1);
      const stored = await listSpans(ctx.database(), projectId, {}, { includeContent: true });
      const byId = new Map(stored.data.map((span) => [span.span_id, span]));
      for (const record of [...records, plain]) {
        const span = byId.get(record.span_id);
        expect(span?.input_messages).toEqual(record.input_messages);
        expect(span?.raw_request).toEqual(record.raw_request);
        expect(span?.events).toEqual(record.events);
      }
      expect(byId.get(records[0]?.span_id ?? "")?.attributes).toMatchObject(records[0]?.attributes ?? {});
      await writer.close();
    });

    test("writes queued during a commit go together in the next transaction", async () => {
      const projectId = await ctx.newProject();
      const writer = createSpanWriter(ctx.database(), { groupWaitMs: 0 });
      const first = writer.write(projectId, spans(500));
      // Let the first transaction start, then queue more while it runs.
      await new Promise((resolve) => setImmediate(resolve));
      const later = Array.from({ length: 10 }, () => writer.write(projectId, spans(2)));
      await Promise.all([first, ...later]);
      expect(writer.stats().transactions).toBe(2);
      await writer.close();
    });

    test("a small commit waits for more writes, and commits once enough rows are queued", async () => {
      const projectId = await ctx.newProject();
      // A wait far longer than the test: only reaching groupRows can end it.
      const writer = createSpanWriter(ctx.database(), { groupWaitMs: 600_000, groupRows: 10 });
      const first = writer.write(projectId, spans(4));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(writer.stats().transactions).toBe(0);
      const second = writer.write(projectId, spans(6));
      expect(await Promise.all([first, second])).toEqual([
        { inserted: 4, replaced: 0, skipped: 0 },
        { inserted: 6, replaced: 0, skipped: 0 },
      ]);
      expect(writer.stats()).toMatchObject({ transactions: 1, committedRows: 10 });
      // Closing ends a wait at once.
      const last = writer.write(projectId, spans(1));
      await writer.close();
      expect(await last).toEqual({ inserted: 1, replaced: 0, skipped: 0 });
    });

    test("a batch is cut at maxBatchRows, between requests", async () => {
      const projectId = await ctx.newProject();
      const writer = createSpanWriter(ctx.database(), { maxBatchRows: 5 });
      await Promise.all([
        writer.write(projectId, spans(3)),
        writer.write(projectId, spans(2)),
        writer.write(projectId, spans(3)),
        writer.write(projectId, spans(9)),
      ]);
      // [3+2], [3], [9]: a request larger than the batch still goes whole.
      expect(writer.stats()).toMatchObject({ transactions: 3, committedRows: 17 });
      await writer.close();
    });

    test("a failed grouped transaction is retried caller by caller, so only the bad caller is rejected", async () => {
      const projectId = await ctx.newProject();
      const writer = createSpanWriter(ctx.database());
      const broken = { ...makeSpan(), name: null } as unknown as SpanRecord;
      const outcomes = await Promise.allSettled([
        writer.write(projectId, spans(2)),
        writer.write(projectId, [broken]),
        writer.write(projectId, spans(1)),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      // The group, then one transaction per caller; the bad caller's fails again.
      expect(writer.stats()).toMatchObject({
        transactions: 4,
        failedTransactions: 2,
        isolatedRetries: 1,
        committedRows: 3,
      });
      expect(await countSpans(ctx, projectId)).toBe(3);
      // The writer keeps working afterwards.
      await expect(writer.write(projectId, spans(1))).resolves.toEqual({
        inserted: 1,
        replaced: 0,
        skipped: 0,
      });
      expect(writer.queuedRows()).toBe(0);
      await writer.close();
    });

    test("a transaction that lost a race (deadlock) is run again, invisibly to callers", async () => {
      const projectId = await ctx.newProject();
      const database = ctx.database();
      // The first transaction writes everything, then loses a deadlock and rolls back.
      let failures = 1;
      const kysely = new Proxy(database.kysely, {
        get(target, property, receiver) {
          if (property !== "transaction" || failures === 0) {
            const value: unknown = Reflect.get(target, property, receiver);
            return typeof value === "function" ? value.bind(target) : value;
          }
          failures -= 1;
          return () => ({
            execute: (work: (trx: Transaction<StoreSchema>) => Promise<unknown>) =>
              target.transaction().execute(async (trx) => {
                await work(trx);
                throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
              }),
          });
        },
      });
      const racing: Database = {
        ...database,
        kysely,
        dialect: {
          ...database.dialect,
          isTransientError: (error) => (error as { code?: string }).code === "40P01",
        },
      };
      const writer = createSpanWriter(racing);
      await expect(writer.write(projectId, spans(2))).resolves.toMatchObject({ inserted: 2 });
      expect(writer.stats()).toMatchObject({ transactions: 2, retries: 1, failedTransactions: 0 });
      expect(await countSpans(ctx, projectId)).toBe(2);
      await writer.close();
    });

    test("it reports overload above the high-water mark until the queue drains", async () => {
      const projectId = await ctx.newProject();
      const writer = createSpanWriter(ctx.database(), { maxQueueRows: 10 });
      const first = writer.write(projectId, spans(6));
      expect(writer.isOverloaded()).toBe(false);
      const second = writer.write(projectId, spans(6));
      expect(writer.queuedRows()).toBe(12);
      expect(writer.isOverloaded()).toBe(true);
      await Promise.all([first, second]);
      expect(writer.isOverloaded()).toBe(false);
      await writer.close();
    });

    test("close() commits what is queued, then refuses new writes", async () => {
      const projectId = await ctx.newProject();
      const writer = createSpanWriter(ctx.database());
      const pending = writer.write(projectId, spans(4));
      await writer.close();
      await expect(pending).resolves.toMatchObject({ inserted: 4 });
      await expect(writer.write(projectId, spans(1))).rejects.toBeInstanceOf(SpanWriterClosedError);
      expect(await countSpans(ctx, projectId)).toBe(4);
    });
  });
}
