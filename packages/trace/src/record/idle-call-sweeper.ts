/**
 * W5's abandoned-stream detection for every open LLM call with one shared, unref'd 1-second sweep,
 * instead of a timer per call re-armed from the chunk path. A chunk then costs one boolean store
 * (reading the clock per chunk was a measurable share of a 100-chunk stream); the sweep turns
 * "touched since the last sweep" into "active at this sweep", so a call is abandoned between 10 min
 * and 10 min + 1 s after its start or last chunk, the same precision as before.
 */

/** How often open calls are checked. */
export const SWEEP_INTERVAL_MS = 1000;

/** An open call the sweeper watches. */
export interface IdleWatched {
  /** Called at every sweep with the monotonic time; the call abandons itself when idle too long. */
  checkIdle(now: number): void;
}

const open = new Set<IdleWatched>();
let timer: NodeJS.Timeout | undefined;
let lastSweepAt = 0;

/**
 * Starts watching `call` until `unwatchIdle`.
 *
 * @example watchIdle(call); … unwatchIdle(call);
 */
export function watchIdle(call: IdleWatched, now: number): void {
  open.add(call);
  // A sweep long overdue means the interval was lost (e.g. created under a test's fake timers).
  if (timer && now - lastSweepAt > 5 * SWEEP_INTERVAL_MS) stopSweeping();
  if (!timer) {
    lastSweepAt = now;
    timer = setInterval(sweep, SWEEP_INTERVAL_MS);
    timer.unref();
  }
}

/** @example unwatchIdle(call) */
export function unwatchIdle(call: IdleWatched): void {
  open.delete(call);
}

function sweep(): void {
  const now = performance.now();
  lastSweepAt = now;
  if (open.size === 0) {
    stopSweeping();
    return;
  }
  for (const call of open) call.checkIdle(now);
}

function stopSweeping(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
}
