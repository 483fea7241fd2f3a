/**
 * Native TraceData timestamps (SPEC §5.3): ISO-8601, ms + `Z` from the TS SDK, µs + `+00:00`
 * from the Python SDK, no zone meaning UTC.
 */

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * ISO-8601 → µs since the epoch, exactly. `Date.parse` keeps only ms, so the fraction is read here.
 * Digits below the µs are truncated (as ns → µs, SPEC §6.4 E10). null when the value does not parse.
 *
 * @example parseTimestampMicros("2026-11-19T21:17:02.508123+00:00") // 1795123022508123
 */
export function parseTimestampMicros(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const match = ISO_TIMESTAMP.exec(value.trim());
  if (!match) return null;
  const field = (index: number) => Number(match[index] ?? 0);
  const wholeMs = Date.UTC(field(1), field(2) - 1, field(3), field(4), field(5), field(6));
  // Date.UTC rolls 31 February into March and 25:00 into the next day; the round trip catches both.
  const date = new Date(wholeMs);
  const roundTrip = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()];
  if (roundTrip.some((value, i) => value !== field(i + 2)) || field(6) > 59) return null;
  const micros = Number((match[7] ?? "").padEnd(6, "0").slice(0, 6));
  return (wholeMs - zoneOffsetMinutes(match[8]) * 60_000) * 1000 + micros;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === "Z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone.startsWith("-") ? -minutes : minutes;
}
