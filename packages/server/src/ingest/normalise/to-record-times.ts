/**
 * OTLP nanosecond timestamps → record times (SPEC §4.1, §6.4 E10).
 */
import type { SpanRecord } from "../../domain/span-record.js";
import type { RawSpan } from "../raw-span.js";
import { FIRST_TOKEN_EVENTS } from "./attribute-keys.js";

const NANOS_PER_MICRO = 1000n;

/**
 * Start and end in µs, truncated (E10); `duration_ms` from the nanosecond difference, so
 * sub-µs digits are not lost twice. A span without an end has no duration.
 *
 * @example
 * toRecordTimes(span) // { start_time: 1794471225461837, end_time: …, duration_ms: 2864.519347 }
 */
export function toRecordTimes(span: RawSpan): Pick<SpanRecord, "start_time" | "end_time" | "duration_ms"> {
  const end = span.endTimeUnixNano;
  return {
    start_time: Number(span.startTimeUnixNano / NANOS_PER_MICRO),
    end_time: end === null ? null : Number(end / NANOS_PER_MICRO),
    duration_ms: end === null ? null : Number(end - span.startTimeUnixNano) / 1e6,
  };
}

/**
 * TTFT fallback (SPEC §6.2): the first first-token event's time minus the span start, in ms.
 * Events with an unknown (0) or earlier time are ignored.
 */
export function timeToFirstTokenFromEvents(span: RawSpan): number | undefined {
  const names: ReadonlySet<string> = new Set(FIRST_TOKEN_EVENTS);
  let first: bigint | undefined;
  for (const event of span.events) {
    if (!names.has(event.name) || event.timeUnixNano < span.startTimeUnixNano) continue;
    if (first === undefined || event.timeUnixNano < first) first = event.timeUnixNano;
  }
  return first === undefined ? undefined : Number(first - span.startTimeUnixNano) / 1e6;
}
