/**
 * Manual-span content (SPEC §6.4 E6): native `input` / `output` (top level or in `attributes`) and
 * OTLP `fallom.input` / `fallom.output` become the same messages on both paths.
 */
import { toContentPart } from "../../domain/raw-content/to-content-part.js";
import type { Message } from "../../domain/span-record.js";
import { parseJsonOrText } from "./coerce-attribute-value.js";

/** The SDKs JSON-encode non-primitive values; only strings that look like an object or array are parsed. */
const JSON_LOOKING = /^\s*[[{]/;

/**
 * One message with a single part: a string is a `text` part; an object, or a string holding a
 * JSON object or array, is a `json` part with the value. null when there is no content
 * (absent, null or the empty string).
 *
 * @example toManualMessages('{"found":true}', "assistant")
 * // [{ role: "assistant", parts: [{ type: "json", content: { found: true } }] }]
 */
export function toManualMessages(value: unknown, role: string): Message[] | null {
  if (value === undefined || value === null || value === "") return null;
  const content = typeof value === "string" && JSON_LOOKING.test(value) ? parseJsonOrText(value) : value;
  return [{ role, parts: [toContentPart(content)] }];
}
