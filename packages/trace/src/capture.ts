/**
 * The one module that decides what content leaves the process (SPEC §4.5, §5.7 size guard):
 * whether a call's content is captured, and how content values are encoded.
 *
 * Base64 data URIs are sent inline as they are; the server moves them into media storage
 * (SPEC §4.6). http(s) URLs travel as plain strings.
 */
import type { CallScope } from "./record/types.js";

/** SPEC §5.7: any string over 1 MiB (counted in UTF-16 code units) inside content is replaced. */
export const MAX_CONTENT_STRING_LENGTH = 1024 * 1024;

/**
 * Capture is on when the init setting (already forced off by `FALLOM_CAPTURE_CONTENT`) allows it
 * and the session did not turn it off. A session may also turn capture on when init left it off,
 * except when the environment forced it off.
 *
 * @example shouldCaptureContent({ captureContent: true, envForcedOff: false }, scope)
 */
export function shouldCaptureContent(
  setting: { captureContent: boolean; envForcedOff: boolean },
  scope: Pick<CallScope, "captureContent"> | undefined,
): boolean {
  if (setting.envForcedOff) return false;
  return scope?.captureContent ?? setting.captureContent;
}

/**
 * JSON-encodes a content value with the size guard. The fast path stringifies once; only output
 * longer than the limit is re-encoded with the per-string check. Unserialisable values (cycles,
 * BigInt) become a short marker rather than an error.
 *
 * @example encodeContent({ text: "hi" }) // '{"text":"hi"}'
 */
export function encodeContent(value: unknown): string | undefined {
  try {
    const json = JSON.stringify(value);
    if (json === undefined || json.length <= MAX_CONTENT_STRING_LENGTH) return json;
    return JSON.stringify(value, truncateLongStrings);
  } catch {
    return '"[unserialisable content]"';
  }
}

/**
 * Content as a span attribute value: strings, numbers and booleans as they are (strings size
 * guarded), anything else JSON-encoded.
 *
 * @example toContentAttribute("hello") // "hello"
 */
export function toContentAttribute(value: unknown): string | number | boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return guardString(value);
  if (typeof value === "number" || typeof value === "boolean") return value;
  return encodeContent(value);
}

/** @example guardString("x".repeat(2_000_000)) // "[truncated 2000000 chars]" */
export function guardString(value: string): string {
  return value.length > MAX_CONTENT_STRING_LENGTH ? `[truncated ${value.length} chars]` : value;
}

function truncateLongStrings(_key: string, value: unknown): unknown {
  return typeof value === "string" ? guardString(value) : value;
}
