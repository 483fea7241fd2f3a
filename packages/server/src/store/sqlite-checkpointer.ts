/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
 * crosses `wal_autocheckpoint`, on the committing (our only) thread: copying the WAL back into
 * the database file and fsyncing it stalls ingest (measured: over a third of the SQLite write
 * time at 400 spans per transaction). A worker thread with its own connection runs PASSIVE
 * checkpoints instead, which never block the writer. Durability is unchanged: a commit is
 * durable once its WAL frames are fsynced (`synchronous=FULL`), before any checkpoint.
 *
 * The writer keeps a (larger) automatic checkpoint as a backstop: a checkpoint running while
 * frames are appended never catches up completely, so the WAL would not restart; once it passes
 * the backstop the writer's own checkpoint finds almost everything already copied, and the WAL
 * starts over.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Pages; the writer's own automatic checkpoint when the worker falls behind (~40 MB of WAL). */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = FULL");
let busy = false;
const timer = setInterval(() => {
  if (busy) return;
  busy = true;
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {} finally { busy = false; }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

export interface SqliteCheckpointer {
  /** Stops the worker (after its current checkpoint) and closes its connection. */
  close(): Promise<void>;
}

/** Starts the checkpoint worker for the database file at `path` (not for `:memory:`). */
export function startSqliteCheckpointer(path: string, intervalMs = 100): SqliteCheckpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs } });
  // A failing checkpointer only means the writer's backstop checkpoints take over.
  worker.on("error", () => {});
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    async close() {
      // Referenced again so that awaiting the exit keeps the process alive until it happens.
      worker.ref();
      worker.postMessage("close");
      await exited;
    },
  };
}
