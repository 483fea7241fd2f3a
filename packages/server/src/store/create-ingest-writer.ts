/**
 * Which span writer the server uses. By default the group-commit writer runs on the main thread.
 * With `thread: "worker"` (FALLOM_SQLITE_WRITER=worker) and a SQLite file, it runs in a worker
 * thread (worker-span-writer.ts: inserts overlap with HTTP, decode and normalisation on the other
 * core). Not the default: on the shared 2-vCPU benchmark machine it was no faster in wall-clock
 * time, used ~15 % more CPU in total and took peak RSS past the 300 MB budget (301–310 MB against
 * 254–272 MB), although its busiest thread needs 0.28–0.31 ms per span against 0.41–0.48 ms
 * (docs/benchmarks.md, session 3). PostgreSQL (whose driver does not block the event loop), an
 * in-memory SQLite database (a worker would open a different, empty one) and a server running
 * from TypeScript sources (tests) always write on the main thread.
 */
import type { Database } from "./open-database.js";
import { createSpanWriter, type SpanWriter, type SpanWriterOptions } from "./span-writer.js";
import { startWorkerSpanWriter, workerSpanWriterAvailable } from "./worker-span-writer.js";

export type WriterThread = "worker" | "main";

/**
 * @param thread "worker" asks for the writer thread (FALLOM_SQLITE_WRITER=worker).
 * @example
 * const { writer, thread } = await createIngestWriter(database, { maxQueueRows: 50_000 });
 */
export async function createIngestWriter(
  database: Database,
  options: SpanWriterOptions & { thread?: WriterThread; log?: (line: string) => void } = {},
): Promise<{ writer: SpanWriter; thread: WriterThread }> {
  const { thread = "main", log, ...writerOptions } = options;
  const path = database.sqlitePath;
  if (thread === "worker" && path !== undefined && path !== ":memory:" && workerSpanWriterAvailable()) {
    try {
      return { writer: await startWorkerSpanWriter(path, writerOptions), thread: "worker" };
    } catch (error) {
      log?.(
        `[fallom] the span writer thread did not start, writing on the main thread: ${(error as Error).message}`,
      );
    }
  }
  return { writer: createSpanWriter(database, writerOptions), thread: "main" };
}
