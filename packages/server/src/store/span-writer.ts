/**
 * Group commit for the ingest path (docs/decisions/002-sqlite-durability.md): requests hand their
 * records to one writer loop, which commits everything queued — from any number of concurrent
 * requests — in one transaction, and resolves each request only after that commit. A 200 sent
 * after `await writer.write(…)` therefore means durable, and the fsync is shared by the group.
 */
import type { SpanRecord } from "../domain/span-record.js";
import { countOutcomes, type InsertOutcome, type InsertResult, insertSpansWith } from "./insert-spans.js";
import type { Database } from "./open-database.js";
import type { ContentValues } from "./span-row.js";

export interface SpanWriterOptions {
  /** Rows per transaction; a single request larger than this still goes in one transaction. */
  maxBatchRows?: number;
  /** High-water mark of rows waiting or in flight; above it {@link SpanWriter.isOverloaded}. */
  maxQueueRows?: number;
  /**
   * When fewer than {@link SpanWriterOptions.groupRows} rows are queued, wait this long (ms)
   * before committing so that requests still being decoded join the transaction (default 5;
   * 0 commits as soon as the writer is idle). A small commit costs ~45 % more per span.
   */
  groupWaitMs?: number;
  /** Rows a commit aims for before it stops waiting (default 1,000). */
  groupRows?: number;
  /**
   * Wait up to this fraction of the previous commit's duration instead of `groupWaitMs` when
   * that is longer, capped at {@link SpanWriterOptions.maxGroupWaitMs} (default 0: off). For a
   * writer on its own thread: there nothing else runs while a commit waits for its fsync, so when
   * commits are slow (a busy disk) the next one should wait a little longer for the requests the
   * other thread is still decoding rather than commit a few rows and wait for a slow fsync again.
   */
  groupWaitCommitFraction?: number;
  /** Cap of the adaptive wait (ms, default 50). */
  maxGroupWaitMs?: number;
}

export interface SpanWriterStats {
  /** Transactions attempted (committed, failed and retried). */
  transactions: number;
  /** Transactions run again after a transient failure (deadlock, serialization). */
  retries: number;
  /** Transactions that failed for good (a grouped one is then retried caller by caller). */
  failedTransactions: number;
  /** Grouped transactions that failed and were split into one transaction per caller. */
  isolatedRetries: number;
  committedRows: number;
}

export interface SpanWriter {
  /**
   * Queues the records; resolves once they are committed, rejects if their transaction fails.
   * `contents` (SQLite): the records' content already serialised (see `insertSpansWith`).
   */
  write(
    projectId: string,
    records: readonly SpanRecord[],
    contents?: ReadonlyArray<ContentValues | null>,
  ): Promise<InsertResult>;
  /** True while more rows are queued than the high-water mark: answer 503 + Retry-After. */
  isOverloaded(): boolean;
  /** Rows waiting or in flight. */
  queuedRows(): number;
  stats(): SpanWriterStats;
  /** Stops accepting writes and resolves once everything queued is committed (or failed). */
  close(): Promise<void>;
}

const MAX_ATTEMPTS = 3;

interface PendingWrite {
  projectId: string;
  records: readonly SpanRecord[];
  contents: ReadonlyArray<ContentValues | null> | undefined;
  resolve(result: InsertResult): void;
  reject(error: unknown): void;
}

export class SpanWriterClosedError extends Error {
  override readonly name = "SpanWriterClosedError";
}

/**
 * @example
 * const writer = createSpanWriter(database);
 * if (writer.isOverloaded()) return c.body(null, 503, { "Retry-After": "1" });
 * await writer.write(project.id, records); // durable from here on
 */
export function createSpanWriter(database: Database, options: SpanWriterOptions = {}): SpanWriter {
  const maxBatchRows = options.maxBatchRows ?? 5_000;
  const maxQueueRows = options.maxQueueRows ?? 50_000;
  const groupWaitMs = options.groupWaitMs ?? 5;
  const groupWaitCommitFraction = options.groupWaitCommitFraction ?? 0;
  const maxGroupWaitMs = options.maxGroupWaitMs ?? 50;
  /** Duration of the last commit (ms), for the adaptive wait. */
  let lastCommitMs = 0;
  const groupRows = Math.min(options.groupRows ?? 1_000, maxBatchRows);
  const queue: PendingWrite[] = [];
  const stats: SpanWriterStats = {
    transactions: 0,
    retries: 0,
    failedTransactions: 0,
    isolatedRetries: 0,
    committedRows: 0,
  };
  let pendingRows = 0;
  let loop: Promise<void> | null = null;
  let closed = false;
  /** Set while the writer waits for a commit to fill up. */
  let wakeGroup: (() => void) | null = null;

  function takeBatch(): PendingWrite[] {
    const batch: PendingWrite[] = [];
    let rows = 0;
    while (queue.length > 0) {
      const next = queue[0] as PendingWrite;
      if (batch.length > 0 && rows + next.records.length > maxBatchRows) break;
      batch.push(next);
      rows += next.records.length;
      queue.shift();
    }
    return batch;
  }

  /** One transaction for the whole batch; per caller, its slice of the outcomes. */
  async function runTransaction(batch: PendingWrite[]): Promise<Map<PendingWrite, InsertResult>> {
    // One insert per project (in a fixed order, like the keys inside it, so concurrent processes
    // lock rows in the same order), the callers' records concatenated in arrival order.
    const byProject = new Map<string, PendingWrite[]>();
    for (const pending of batch)
      byProject.set(pending.projectId, [...(byProject.get(pending.projectId) ?? []), pending]);
    const projects = [...byProject.keys()].sort();
    return database.kysely.transaction().execute(async (trx) => {
      const out = new Map<PendingWrite, InsertResult>();
      for (const projectId of projects) {
        const writes = byProject.get(projectId) ?? [];
        // Serialised contents line up with the records; undefined where a caller sent none.
        const contents = writes.some((pending) => pending.contents)
          ? writes.flatMap(
              (pending): Array<ContentValues | null | undefined> =>
                pending.contents ? [...pending.contents] : pending.records.map(() => undefined),
            )
          : undefined;
        const outcomes = await insertSpansWith(
          trx,
          database,
          projectId,
          writes.flatMap((pending) => pending.records),
          contents,
        );
        let offset = 0;
        for (const pending of writes) {
          const slice: InsertOutcome[] = outcomes.slice(offset, offset + pending.records.length);
          out.set(pending, countOutcomes(slice));
          offset += pending.records.length;
        }
      }
      return out;
    });
  }

  async function commit(batch: PendingWrite[]): Promise<void> {
    const rows = batch.reduce((sum, pending) => sum + pending.records.length, 0);
    try {
      for (let attempt = 1; ; attempt += 1) {
        stats.transactions += 1;
        try {
          const results = await runTransaction(batch);
          stats.committedRows += rows;
          for (const pending of batch) pending.resolve(results.get(pending) as InsertResult);
          return;
        } catch (error) {
          // A deadlock or serialization failure against another process: the whole transaction
          // rolled back, so running it again is safe.
          if (attempt >= MAX_ATTEMPTS || !database.dialect.isTransientError(error)) throw error;
          stats.retries += 1;
        }
      }
    } catch (error) {
      stats.failedTransactions += 1;
      if (batch.length === 1) {
        (batch[0] as PendingWrite).reject(error);
      } else {
        // One caller's rows may be what failed: commit each caller alone so a bad request never
        // fails the good ones it happened to be grouped with.
        stats.isolatedRetries += 1;
        for (const pending of batch) {
          pendingRows += pending.records.length; // commit() below releases it again
          await commit([pending]);
        }
      }
    } finally {
      pendingRows -= rows;
    }
  }

  const queuedInQueue = () => queue.reduce((sum, pending) => sum + pending.records.length, 0);

  async function drain(): Promise<void> {
    // Yield once so that writes issued in the same tick join the first transaction; while a
    // transaction is in flight, later writes queue up and go together in the next one. A SQLite
    // commit blocks the event loop, so requests that arrived meanwhile are still unparsed when
    // it ends: a short wait lets them join the next commit instead of trickling in one by one.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const waitMs = Math.max(groupWaitMs, Math.min(maxGroupWaitMs, groupWaitCommitFraction * lastCommitMs));
      if (waitMs > 0 && !closed && queuedInQueue() < groupRows) {
        // Ends early once enough rows are queued (write) or the writer closes.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            wakeGroup = null;
            resolve();
          }, waitMs);
          wakeGroup = () => {
            clearTimeout(timer);
            wakeGroup = null;
            resolve();
          };
        });
      }
      const started = performance.now();
      await commit(takeBatch());
      lastCommitMs = performance.now() - started;
    }
  }

  function ensureLoop(): void {
    if (loop) return;
    loop = drain().finally(() => {
      loop = null;
      if (queue.length > 0) ensureLoop();
    });
  }

  return {
    write(projectId, records, contents) {
      if (closed) return Promise.reject(new SpanWriterClosedError("The span writer is closed."));
      if (records.length === 0) return Promise.resolve({ inserted: 0, replaced: 0, skipped: 0 });
      if (contents && contents.length !== records.length) {
        return Promise.reject(new Error("contents must have one entry per record."));
      }
      return new Promise<InsertResult>((resolve, reject) => {
        queue.push({ projectId, records, contents, resolve, reject });
        pendingRows += records.length;
        if (wakeGroup && queuedInQueue() >= groupRows) wakeGroup();
        ensureLoop();
      });
    },
    isOverloaded: () => pendingRows > maxQueueRows,
    queuedRows: () => pendingRows,
    stats: () => ({ ...stats }),
    async close() {
      closed = true;
      wakeGroup?.();
      while (loop) await loop;
    },
  };
}
