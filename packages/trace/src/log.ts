/**
 * The SDK's only console output: `[Fallom]`-prefixed debug lines (when `debug` is on) and the few
 * warnings users must see even without debug (wrong key, queue full), rate-limited.
 */

let debugEnabled = false;

/** Turned on by `init({debug})` / `FALLOM_DEBUG`. @example setDebug(true) */
export function setDebug(enabled: boolean): void {
  debugEnabled = enabled;
}

export function isDebug(): boolean {
  return debugEnabled;
}

/** Logs only in debug mode. @example debugLog("export ok", 12, "spans") */
export function debugLog(...parts: unknown[]): void {
  if (debugEnabled) console.debug("[Fallom]", ...parts);
}

/** Always printed: misuse the user should fix. @example warn("span.end() called twice") */
export function warn(...parts: unknown[]): void {
  console.warn("[Fallom]", ...parts);
}

const lastWarnedAt = new Map<string, number>();

/**
 * Prints a warning at most once per `intervalMs` for the same `key`, even without debug.
 *
 * @example warnRateLimited("unauthorized", "the server rejected the API key (401)")
 */
export function warnRateLimited(key: string, message: string, intervalMs = 60_000): void {
  const now = Date.now();
  const last = lastWarnedAt.get(key);
  if (last !== undefined && now - last < intervalMs) return;
  lastWarnedAt.set(key, now);
  console.warn("[Fallom]", message);
}

/** Tests reset the rate limiter between cases. */
export function resetWarningsForTests(): void {
  lastWarnedAt.clear();
}
