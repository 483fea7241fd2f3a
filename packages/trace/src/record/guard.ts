/** The one guard around SDK bookkeeping: an SDK bug is logged (debug) and swallowed, never thrown. */
import { debugLog } from "../log.js";

/**
 * Runs `fn`; on an exception logs it (debug) and returns `fallback`.
 *
 * @example const call = guard("startLlmCall", () => start(), undefined);
 */
export function guard<T>(what: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    debugLog(`internal error in ${what} (swallowed):`, error);
    return fallback;
  }
}
