/**
 * Ids and times of a native TraceData record (SPEC §4.1, §5.3): ids are generated when absent,
 * times become µs, the duration is the one sent, else end − start, and TTFT follows SPEC §6.2.
 */
import { randomBytes } from "node:crypto";
import type { SpanRecord } from "../../domain/span-record.js";
import { toCount } from "../../domain/to-token-usage.js";
import type { TraceData } from "../native-trace-data.js";
import { FALLOM_KEYS, GEN_AI_KEYS, VERCEL_KEYS } from "./attribute-keys.js";
import { parseTimestampMicros } from "./parse-timestamp-micros.js";
import { firstAttribute } from "./read-native-value.js";

type RecordIds = Pick<SpanRecord, "trace_id" | "span_id" | "parent_span_id">;
type RecordTimes = Pick<SpanRecord, "start_time" | "end_time" | "duration_ms">;

function hexId(value: unknown, length: number): string | null {
  return typeof value === "string" &&
    new RegExp(`^[0-9a-fA-F]{${length}}$`).test(value) &&
    !/^0+$/.test(value)
    ? value.toLowerCase()
    : null;
}

function randomHex(length: number): string {
  return randomBytes(length / 2).toString("hex");
}

/**
 * The record's ids, lowercased; a missing trace or span id is generated.
 *
 * @example toNativeRecordIds({ config_key: "k", session_id: "s" }).trace_id // 32 random hex characters
 */
export function toNativeRecordIds(td: TraceData): RecordIds {
  return {
    trace_id: hexId(td.trace_id, 32) ?? randomHex(32),
    span_id: hexId(td.span_id, 16) ?? randomHex(16),
    parent_span_id: hexId(td.parent_span_id, 16),
  };
}

/**
 * start/end in µs and the duration: the given duration wins, else end − start.
 *
 * @param nowMs stands in for the end of a record sent without times (it was sent when it ended).
 * @example toNativeRecordTimes({ …, start_time: "2026-01-01T00:00:00.000Z", duration_ms: 5 }, Date.now())
 * // { start_time: 1767225600000000, end_time: 1767225600005000, duration_ms: 5 }
 */
export function toNativeRecordTimes(td: TraceData, nowMs: number): RecordTimes {
  const start = parseTimestampMicros(td.start_time);
  const end = parseTimestampMicros(td.end_time);
  const given = toCount(td.duration_ms);
  const duration = given !== null && given >= 0 ? given : null;
  const durationMicros = duration === null ? null : Math.round(duration * 1000);
  const startTime = start ?? (end ?? Math.round(nowMs * 1000)) - (durationMicros ?? 0);
  const endTime = end ?? (durationMicros === null ? null : startTime + durationMicros);
  return {
    start_time: startTime,
    end_time: endTime,
    duration_ms: duration ?? (endTime === null ? null : (endTime - startTime) / 1000),
  };
}

/** The TTFT attributes in ms, in SPEC §6.2 order. */
const TIME_TO_FIRST_TOKEN_MS_KEYS = [
  VERCEL_KEYS.responseMsToFirstChunk,
  VERCEL_KEYS.streamMsToFirstChunk,
  FALLOM_KEYS.timeToFirstTokenMs,
  GEN_AI_KEYS.timeToFirstTokenMs,
] as const;

/**
 * TTFT in ms, SPEC §6.2 order: OTel seconds, the ms attributes, TraceData, then
 * `fallom.raw.timings.firstTokenTime` (passed in, read by the shared raw-payload mapper).
 *
 * @example toNativeTimeToFirstToken({ …, time_to_first_token_ms: 742 }, {}, null) // 742
 */
export function toNativeTimeToFirstToken(
  td: TraceData,
  attributes: Record<string, unknown>,
  rawFirstTokenMs: number | null,
): number | null {
  const seconds = toCount(attributes[GEN_AI_KEYS.responseTimeToFirstChunk]);
  if (seconds !== null) return seconds * 1000;
  return (
    toCount(firstAttribute(attributes, TIME_TO_FIRST_TOKEN_MS_KEYS)) ??
    toCount(td.time_to_first_token_ms) ??
    rawFirstTokenMs
  );
}
