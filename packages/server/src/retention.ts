/**
 * Retention (SPEC §5.8 settings): each project with `retention_days` set loses its spans (with
 * their content and tag rows) that started more than that many days ago. The server runs it once
 * at start and then hourly; media blobs are content-addressed and shared, so they are kept.
 */
import { type Database, deleteSpansOlderThan, listProjects } from "./store/index.js";

const DAY_MICROS = 86_400_000_000;
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export interface RetentionRun {
  /** Spans deleted, per project id (projects without retention are absent). */
  deleted: Record<string, number>;
}

/**
 * Deletes every project's spans older than its retention, once.
 *
 * @example
 * await runRetention(database); // { deleted: { default: 1200 } }
 */
export async function runRetention(database: Database, now: Date = new Date()): Promise<RetentionRun> {
  const deleted: Record<string, number> = {};
  for (const project of await listProjects(database)) {
    if (project.retention_days === null || project.retention_days <= 0) continue;
    const cutoff = now.getTime() * 1000 - project.retention_days * DAY_MICROS;
    deleted[project.id] = await deleteSpansOlderThan(database, project.id, cutoff);
  }
  return { deleted };
}

export interface RetentionTimer {
  /** Stops the schedule and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs {@link runRetention} now and every `intervalMs`. The timer is `unref`'d so it never keeps
 * the process alive; runs never overlap; a failed run is logged and retried at the next tick.
 *
 * @example
 * const timer = startRetentionTimer(database, { log: console.error });
 * await timer.stop();
 */
export function startRetentionTimer(
  database: Database,
  options: { log: (line: string) => void; intervalMs?: number },
): RetentionTimer {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runRetention(database)
      .then(({ deleted }) => {
        const total = Object.values(deleted).reduce((sum, n) => sum + n, 0);
        if (total > 0)
          options.log(`Retention deleted ${total} span(s) older than their project's retention.`);
      })
      .catch((error: unknown) => {
        options.log(
          `[fallom] retention run failed (retrying in an hour): ${(error as Error).stack ?? error}`,
        );
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? RETENTION_INTERVAL_MS);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
