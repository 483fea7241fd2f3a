/**
 * The checks native ingest runs before normalising one TraceData record (SPEC §5.3, §6.4 E10).
 */
import type { TraceData } from "../native-trace-data.js";
import { isRecord } from "./coerce-attribute-value.js";
import { parseTimestampMicros } from "./parse-timestamp-micros.js";
import { nativeText } from "./read-native-value.js";

export type TraceDataValidation = { ok: true; value: TraceData } | { ok: false; reason: string };

const ID_FIELDS = [
  ["trace_id", 32],
  ["span_id", 16],
  ["parent_span_id", 16],
] as const;

/**
 * Checks what the native ingest needs before normalising: an object with non-empty string
 * `config_key` and `session_id` (SPEC §5.3), ids that are hex of the right length when given, and
 * timestamps that parse. The reason names the field and the fix, because it reaches the caller in a
 * 400 (single object) or a `partialSuccess.errorMessage` (array).
 *
 * @example validateTraceData({ config_key: "k" }) // { ok: false, reason: "session_id is required (a non-empty string)" }
 */
export function validateTraceData(value: unknown): TraceDataValidation {
  if (!isRecord(value)) return { ok: false, reason: "a TraceData record must be a JSON object" };
  for (const field of ["config_key", "session_id"] as const) {
    if (nativeText(value[field]) === null) {
      return { ok: false, reason: `${field} is required (a non-empty string)` };
    }
  }
  for (const [field, length] of ID_FIELDS) {
    const id = value[field];
    if (id === undefined || id === null || id === "") continue;
    if (typeof id !== "string" || !new RegExp(`^[0-9a-fA-F]{${length}}$`).test(id)) {
      return {
        ok: false,
        reason: `${field} must be ${length} hex characters (or omitted to have one generated)`,
      };
    }
    if (field !== "parent_span_id" && /^0+$/.test(id)) {
      return { ok: false, reason: `${field} must not be all zeros` };
    }
  }
  for (const field of ["start_time", "end_time"] as const) {
    const time = value[field];
    if (time !== undefined && time !== null && parseTimestampMicros(time) === null) {
      return { ok: false, reason: `${field} must be an ISO-8601 timestamp such as 2026-01-31T12:00:00.000Z` };
    }
  }
  return { ok: true, value: value as TraceData };
}
