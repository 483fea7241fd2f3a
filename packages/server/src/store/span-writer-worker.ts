/**
 * Worker-thread entry of the SQLite span writer (worker-span-writer.ts starts it): the
 * group-commit writer of span-writer.ts on this thread's own connection. Each `write` message
 * is answered once its transaction committed (or failed), so the main thread's 200 still means
 * durable. Messages: main → worker {@link WorkerRequest}, worker → main {@link WorkerReply}.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { SpanRecord } from "../domain/span-record.js";
import type { InsertResult } from "./insert-spans.js";
import { openSqliteWriterDatabase } from "./open-sqlite-writer-database.js";
import type { ContentValues } from "./span-row.js";
import { createSpanWriter, type SpanWriterOptions, type SpanWriterStats } from "./span-writer.js";

export interface WorkerSetup {
  sqlitePath: string;
  options: SpanWriterOptions;
}

export type WorkerRequest =
  | {
      type: "write";
      id: number;
      projectId: string;
      /** Without their content, which travels serialised in `contents`. */
      records: readonly SpanRecord[];
      contents: ReadonlyArray<ContentValues | null>;
    }
  | { type: "close" };

export type WorkerReply =
  | { type: "ready" }
  | { type: "written"; id: number; result: InsertResult; stats: SpanWriterStats }
  | { type: "failed"; id: number; error: { message: string; stack?: string }; stats: SpanWriterStats }
  | { type: "closed"; stats: SpanWriterStats };

/**
 * On this thread a commit no longer holds back request decoding, so with the fixed 5 ms wait the
 * commits were small (168 rows on average against 395 on the event loop, same load) and, on a
 * busy disk, each paid a slow fsync: wait up to half the previous commit's time for more rows.
 */
const WRITER_THREAD_COMMIT_FRACTION = 0.5;

const port = parentPort;
if (!port) throw new Error("span-writer-worker.js runs only as a worker thread.");
const setup = workerData as WorkerSetup;
const database = openSqliteWriterDatabase(setup.sqlitePath);
// The main thread enforces the high-water mark (it sees every request first).
const writer = createSpanWriter(database, {
  groupWaitCommitFraction: WRITER_THREAD_COMMIT_FRACTION,
  ...setup.options,
  maxQueueRows: Number.MAX_SAFE_INTEGER,
});
const reply = (message: WorkerReply) => port.postMessage(message);

port.on("message", (request: WorkerRequest) => {
  if (request.type === "write") {
    writer.write(request.projectId, request.records, request.contents).then(
      (result) => reply({ type: "written", id: request.id, result, stats: writer.stats() }),
      (error: unknown) => {
        const { message, stack } =
          error instanceof Error ? error : { message: String(error), stack: undefined };
        reply({
          type: "failed",
          id: request.id,
          error: stack === undefined ? { message } : { message, stack },
          stats: writer.stats(),
        });
      },
    );
  } else {
    void writer
      .close()
      .then(() => database.close())
      .finally(() => {
        reply({ type: "closed", stats: writer.stats() });
        port.close();
      });
  }
});
reply({ type: "ready" });
