/**
 * Time ranges in the URL: a relative preset (`range=24h`) that slides with the clock, or an
 * absolute `from`/`to` pair. Relative presets are resolved at fetch time, never stored.
 */

export const RANGE_PRESETS = [
  { value: "15m", label: "Last 15 minutes", ms: 15 * 60_000 },
  { value: "1h", label: "Last hour", ms: 3_600_000 },
  { value: "24h", label: "Last 24 hours", ms: 86_400_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 86_400_000 },
  { value: "30d", label: "Last 30 days", ms: 30 * 86_400_000 },
  { value: "90d", label: "Last 90 days", ms: 90 * 86_400_000 },
] as const;

/** Milliseconds of a preset, or null for an unknown value / "all time". */
export function rangeMs(range: string | null): number | null {
  return RANGE_PRESETS.find((preset) => preset.value === range)?.ms ?? null;
}

/**
 * Turns the page's query string into the API's: `range` becomes `from` (epoch ms, now − range),
 * UI-only parameters are dropped, everything else passes through unchanged.
 *
 * @example toApiQuery(new URLSearchParams("range=1h&customer_id=a"), ["span"])
 * // "customer_id=a&from=1732100000000"
 */
export function toApiQuery(
  params: URLSearchParams,
  uiOnly: readonly string[] = [],
  now = Date.now(),
): string {
  const out = new URLSearchParams();
  for (const [name, value] of params) {
    if (name === "range" || uiOnly.includes(name) || value === "") continue;
    out.append(name, value);
  }
  const ms = rangeMs(params.get("range"));
  if (ms !== null && !params.get("from")) out.set("from", String(now - ms));
  return out.toString();
}
