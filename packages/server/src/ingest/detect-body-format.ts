/**
 * Which decoder a `POST /v1/traces` body goes to (SPEC §5.2 "Format").
 *
 * The Content-Type decides. Without one we sniff, because some older senders and hand-written
 * curl calls post JSON with no type. The original SDKs post native TraceData to the same
 * endpoint as OTLP/JSON, so parsed JSON is then told apart by its shape.
 */

/** The wire format of a body. */
export type BodyFormat = "protobuf" | "json";

/** What a parsed JSON body is. */
export type JsonBodyKind = "otlp" | "native" | "unknown";

const PROTOBUF_TYPES = new Set(["application/x-protobuf", "application/protobuf"]);

/** JSON's insignificant whitespace (RFC 8259 §2). */
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function sniff(body: Uint8Array): BodyFormat | null {
  let index = 0;
  // Skip a UTF-8 byte-order mark. TextDecoder drops it before JSON.parse sees the text.
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) index = 3;
  while (index < body.length && WHITESPACE.has(body[index] as number)) index += 1;
  const first = body[index];
  return first === 0x7b /* { */ || first === 0x5b /* [ */ ? "json" : null;
}

/**
 * Picks the decoder from the Content-Type. Parameters such as `; charset=utf-8` are ignored, and
 * media types are case-insensitive. Returns `null` for an unsupported type (the caller answers
 * 415). It also returns `null` when there is no type and the body does not start like JSON.
 *
 * @example
 * detectBodyFormat("application/json; charset=utf-8", body) // → "json"
 * detectBodyFormat(null, new TextEncoder().encode(' {"resourceSpans":[]}')) // → "json"
 * detectBodyFormat("text/plain", body) // → null
 */
export function detectBodyFormat(contentType: string | null, body: Uint8Array): BodyFormat | null {
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "") return sniff(body);
  if (PROTOBUF_TYPES.has(mediaType)) return "protobuf";
  if (mediaType === "application/json") return "json";
  return null;
}

/**
 * Tells OTLP/JSON from native TraceData (SPEC §5.2, §5.3). A `resourceSpans` (or `resource_spans`)
 * key, or an empty object, is OTLP: OpenRouter's connection test and some exporters send `{}` for
 * an empty batch. An object with `span_id` or `config_key`, or any array, is native TraceData. Only
 * the native format is ever sent as an array.
 *
 * @example
 * classifyJson({ resourceSpans: [] }) // → "otlp"
 * classifyJson({ config_key: "chat", session_id: "s1" }) // → "native"
 * classifyJson("hello") // → "unknown"
 */
export function classifyJson(value: unknown): JsonBodyKind {
  if (Array.isArray(value)) return "native";
  if (typeof value !== "object" || value === null) return "unknown";
  if (Object.hasOwn(value, "resourceSpans") || Object.hasOwn(value, "resource_spans")) return "otlp";
  if (Object.hasOwn(value, "span_id") || Object.hasOwn(value, "config_key")) return "native";
  return Object.keys(value).length === 0 ? "otlp" : "unknown";
}
