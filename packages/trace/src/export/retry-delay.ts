/** SPEC §5.7 retry timing. Pure. */

/** Longest `Retry-After` we honour. */
export const MAX_RETRY_AFTER_MS = 30_000;
const BASE_DELAY_MS = 1000;
const MAX_BACKOFF_MS = 5000;
const JITTER = 0.2;

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date, capped at 30 s; undefined when
 * absent or unparseable.
 *
 * @example parseRetryAfter("3") // 3000
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (header === null || header === undefined || header.trim() === "") return undefined;
  const trimmed = header.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/**
 * Delay before retry number `retry` (0 for the first retry): `Retry-After` when the server sent
 * one, else 1 s × 1.5ⁿ capped at 5 s, ± 20 % jitter.
 *
 * @example retryDelayMs(0, undefined, () => 0.5) // 1000
 */
export function retryDelayMs(retry: number, retryAfterMs: number | undefined, random = Math.random): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const backoff = Math.min(BASE_DELAY_MS * 1.5 ** retry, MAX_BACKOFF_MS);
  return Math.round(backoff * (1 + JITTER * (2 * random() - 1)));
}
