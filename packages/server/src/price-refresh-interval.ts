/**
 * `FALLOM_PRICE_REFRESH` (SPEC §4.3 step 2): how often the server downloads the price data that
 * `@pydantic/genai-prices` publishes, or `off` to keep the bundled data.
 */

/** The value used when `FALLOM_PRICE_REFRESH` is unset. */
export const DEFAULT_PRICE_REFRESH = "24h";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
// The data changes a few times a week at most: more often than every 10 minutes only adds load on
// the host serving it. Node timers overflow above 2^31-1 ms (~24.8 days) and would fire at once.
const MIN_MS = 10 * UNIT_MS.m;
const MAX_MS = 24 * UNIT_MS.d;

/**
 * Milliseconds between refreshes, or null for `off`. Accepts a whole number with the unit
 * `m`, `h` or `d` (e.g. `24h`, `6h`, `90m`, `7d`), from 10 minutes to 24 days; empty means the
 * default. Throws an Error whose message says what is accepted.
 *
 * @example parsePriceRefreshInterval("6h") // 21600000
 * @example parsePriceRefreshInterval("off") // null
 */
export function parsePriceRefreshInterval(value: string | undefined): number | null {
  const text = (value ?? "").trim().toLowerCase() || DEFAULT_PRICE_REFRESH;
  if (text === "off") return null;
  const match = /^(\d+)\s*([mhd])$/.exec(text);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : Number.NaN;
  if (!(ms >= MIN_MS && ms <= MAX_MS)) {
    throw new Error(
      `FALLOM_PRICE_REFRESH must be "off" or an interval from 10m to 24d such as "24h", "6h" or "90m", got "${value}".`,
    );
  }
  return ms;
}
