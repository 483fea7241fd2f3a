/**
 * The SQLite span writer on a second core. better-sqlite3 runs statements and commits
 * synchronously, so with the writer on the event loop nothing was decoded or normalised while a
 * group commit ran, and SQLite waited while requests were parsed: the server used ~0.9 cores of
 * two (docs/benchmarks.md). Here the group-commit writer (span-writer.ts) runs in a worker
 * thread on its own connection (span-writer-worker.ts); the main thread only posts the records
 * and resolves each request when the worker reports its commit. SPEC §5.2 is unchanged: the
 * reply comes after the commit (200 = durable), writes go through the same `insertSpansWith`
 * (idempotent, incomplete → complete replacement, rollups in the same transaction), and the
 * high-water mark is enforced here, where every request passes first.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { InsertResult } from "./insert-spans.js";
import { toContentValues, withoutContent } from "./span-row.js";
import {
  type SpanWriter,
  SpanWriterClosedError,
  type SpanWriterOptions,
  type SpanWriterStats,
} from "./span-writer.js";
import type { WorkerReply, WorkerRequest, WorkerSetup } from "./span-writer-worker.js";

/** The compiled worker entry; absent when the server runs from TypeScript sources (tests). */
const WORKER_URL = new URL("./span-writer-worker.js", import.meta.url);

/** V8 young generation of the writer thread (measured: −10 MB peak RSS, no CPU change). */
const WORKER_YOUNG_GENERATION_MB = 8;

/** True when the worker entry can be started (the compiled server). */
export function workerSpanWriterAvailable(): boolean {
  return WORKER_URL.protocol === "file:" && existsSync(fileURLToPath(WORKER_URL));
}

export class SpanWriterWorkerError extends Error {
  override readonly name = "SpanWriterWorkerError";
}

interface Pending {
  rows: number;
  resolve(result: InsertResult): void;
  reject(error: unknown): void;
}

const EMPTY_STATS: SpanWriterStats = {
  transactions: 0,
  retries: 0,
  failedTransactions: 0,
  isolatedRetries: 0,
  committedRows: 0,
};

/**
 * Starts the worker on the (migrated) SQLite file and resolves once its connection is open.
 * A worker that dies fails the writes it held (the senders get 503 and retry: nothing of theirs
 * was acknowledged); the next write starts a new one.
 *
 * @example
 * const writer = await startWorkerSpanWriter("/data/fallom.db", { maxQueueRows: 50_000 });
 * await writer.write(projectId, records); // committed by the worker: durable
 */
export async function startWorkerSpanWriter(
  sqlitePath: string,
  options: SpanWriterOptions = {},
): Promise<SpanWriter> {
  const maxQueueRows = options.maxQueueRows ?? 50_000;
  const setup: WorkerSetup = { sqlitePath, options };
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let pendingRows = 0;
  let stats: SpanWriterStats = { ...EMPTY_STATS };
  /** Stats of workers that died, added to the live worker's. */
  let pastStats: SpanWriterStats = { ...EMPTY_STATS };
  let closed = false;
  let current: Promise<Worker> | null = null;
  let closedReply: (() => void) | null = null;

  const addStats = (a: SpanWriterStats, b: SpanWriterStats): SpanWriterStats => ({
    transactions: a.transactions + b.transactions,
    retries: a.retries + b.retries,
    failedTransactions: a.failedTransactions + b.failedTransactions,
    isolatedRetries: a.isolatedRetries + b.isolatedRetries,
    committedRows: a.committedRows + b.committedRows,
  });

  function settle(id: number): Pending | undefined {
    const entry = pending.get(id);
    if (!entry) return undefined;
    pending.delete(id);
    pendingRows -= entry.rows;
    return entry;
  }

  function start(): Promise<Worker> {
    // The records arrive flat with their content as strings, so the worker allocates little per
    // request: a small young generation is enough and keeps the process under its RSS budget.
    const worker = new Worker(WORKER_URL, {
      workerData: setup,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    let ready = false;
    let dead = false;
    const started = new Promise<Worker>((resolve, reject) => {
      worker.on("message", (reply: WorkerReply) => {
        if (reply.type === "ready") {
          ready = true;
          resolve(worker);
        } else if (reply.type === "written") {
          stats = reply.stats;
          settle(reply.id)?.resolve(reply.result);
        } else if (reply.type === "failed") {
          stats = reply.stats;
          const error = new SpanWriterWorkerError(reply.error.message);
          if (reply.error.stack) error.stack = reply.error.stack;
          settle(reply.id)?.reject(error);
        } else {
          stats = reply.stats;
          closedReply?.();
        }
      });
      // Once: "error" is followed by "exit". Writes still waiting on this worker were never
      // acknowledged, so failing them (503 to their senders) loses nothing.
      const fail = (error: Error) => {
        if (dead) return;
        dead = true;
        pastStats = addStats(pastStats, stats);
        stats = { ...EMPTY_STATS };
        if (current === started) current = null;
        for (const id of [...pending.keys()]) settle(id)?.reject(error);
        if (!ready) reject(error);
        closedReply?.();
      };
      worker.on("error", (error) => fail(error));
      // After close() this finds nothing pending; otherwise the thread died.
      worker.on("exit", (code) =>
        fail(new SpanWriterWorkerError(`The span writer thread exited (code ${code}).`)),
      );
    });
    return started;
  }

  current = start();
  await current;

  return {
    write(projectId, records) {
      if (closed) return Promise.reject(new SpanWriterClosedError("The span writer is closed."));
      if (records.length === 0) return Promise.resolve({ inserted: 0, replaced: 0, skipped: 0 });
      const id = nextId++;
      pendingRows += records.length;
      // Serialised here, on the less busy thread; strings also copy to the worker far more
      // cheaply than the message and attribute object trees.
      const request: WorkerRequest = {
        type: "write",
        id,
        projectId,
        records: records.map(withoutContent),
        contents: records.map(toContentValues),
      };
      return new Promise<InsertResult>((resolve, reject) => {
        pending.set(id, { rows: records.length, resolve, reject });
        current ??= start();
        current.then(
          (worker) => {
            worker.postMessage(request);
          },
          (error: unknown) => settle(id)?.reject(error),
        );
      });
    },
    isOverloaded: () => pendingRows > maxQueueRows,
    queuedRows: () => pendingRows,
    stats: () => addStats(pastStats, stats),
    async close() {
      if (closed) return;
      closed = true;
      const running = current;
      if (!running) return;
      const worker = await running.catch(() => null);
      if (!worker) return;
      const done = new Promise<void>((resolve) => {
        closedReply = () => resolve();
      });
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage({ type: "close" } satisfies WorkerRequest);
      await done;
      await exited;
    },
  };
}
