/**
 * OTLP `ExportTraceServiceRequest` object → {@link RawSpan}s (SPEC §5.2 "OTLP details").
 *
 * The input is either parsed OTLP/HTTP JSON (camelCase, hex ids, int64 as number or string) or
 * the object a protobuf decoder produces once its byte ids are hex strings (often snake_case,
 * enums as names, int64 as strings or Long objects). Both go through this one function so the
 * two encodings can never disagree on what a valid span is.
 */
import type {
  Attributes,
  AttributeValue,
  DecodedOtlpRequest,
  RawSpan,
  RawSpanEvent,
  RejectedSpan,
} from "./raw-span.js";

/**
 * The request body is not an OTLP trace request at all (not an object, or `resourceSpans` is
 * not an array). The HTTP layer answers 400; a bad *span* is never this error, it is rejected.
 */
export class OtlpFormatError extends Error {
  override readonly name = "OtlpFormatError";
}

type Obj = Record<string, unknown>;

const TRACE_ID_HEX_LENGTH = 32;
const SPAN_ID_HEX_LENGTH = 16;

const SPAN_KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

const STATUS_CODE_NAMES: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

/**
 * Converts a parsed OTLP trace request into spans, rejecting individual invalid spans.
 *
 * Span `index` in `rejected` counts every span entry of the request in document order
 * (across resources and scopes), starting at 0, so a sender can find the culprit.
 *
 * @throws {OtlpFormatError} when the body is not an object or `resourceSpans` is not an array.
 * @example
 * const { spans, rejected } = convertOtlpRequest(JSON.parse(body));
 */
export function convertOtlpRequest(body: unknown): DecodedOtlpRequest {
  if (!isObject(body)) {
    throw new OtlpFormatError(
      `An OTLP trace request must be a JSON object with a "resourceSpans" array; got ${describe(body)}.`,
    );
  }
  const resourceSpans = field(body, "resourceSpans", "resource_spans");
  const spans: RawSpan[] = [];
  const rejected: RejectedSpan[] = [];
  if (resourceSpans == null) return { spans, rejected };
  const resourceList = expectArray(resourceSpans, "resourceSpans");

  let index = 0;
  resourceList.forEach((resourceEntry, resourcePosition) => {
    const where = `resourceSpans[${resourcePosition}]`;
    if (!isObject(resourceEntry)) throw new OtlpFormatError(`${where} must be an object.`);
    const resource = field(resourceEntry, "resource");
    const resourceAttributes = convertAttributes(
      isObject(resource) ? field(resource, "attributes") : undefined,
    );
    const scopeEntries =
      field(resourceEntry, "scopeSpans", "scope_spans") ??
      field(resourceEntry, "instrumentationLibrarySpans", "instrumentation_library_spans");
    if (scopeEntries == null) return;
    expectArray(scopeEntries, `${where}.scopeSpans`).forEach((scopeEntry, scopePosition) => {
      const scopeWhere = `${where}.scopeSpans[${scopePosition}]`;
      if (!isObject(scopeEntry)) throw new OtlpFormatError(`${scopeWhere} must be an object.`);
      const scope = convertScope(
        field(scopeEntry, "scope") ?? field(scopeEntry, "instrumentationLibrary", "instrumentation_library"),
      );
      const spanEntries = field(scopeEntry, "spans");
      if (spanEntries == null) return;
      for (const spanEntry of expectArray(spanEntries, `${scopeWhere}.spans`)) {
        const result = convertSpan(spanEntry, resourceAttributes, scope);
        if (typeof result === "string") rejected.push({ index, reason: result });
        else spans.push(result);
        index += 1;
      }
    });
  });
  return { spans, rejected };
}

/** One span, or the human-readable reason it is rejected. */
function convertSpan(
  entry: unknown,
  resourceAttributes: Attributes,
  scope: RawSpan["scope"],
): RawSpan | string {
  if (!isObject(entry)) return `span is ${describe(entry)}, not an object`;
  return toRawSpan(
    {
      traceId: field(entry, "traceId", "trace_id"),
      spanId: field(entry, "spanId", "span_id"),
      parentSpanId: field(entry, "parentSpanId", "parent_span_id"),
      startTimeUnixNano: field(entry, "startTimeUnixNano", "start_time_unix_nano"),
      endTimeUnixNano: field(entry, "endTimeUnixNano", "end_time_unix_nano"),
      name: field(entry, "name"),
      kind: convertEnum(field(entry, "kind"), SPAN_KIND_NAMES),
    },
    () => ({
      attributes: convertAttributes(field(entry, "attributes")),
      resourceAttributes,
      scope,
      events: convertEvents(field(entry, "events")),
      status: convertStatus(field(entry, "status")),
    }),
  );
}

/** A span's identifying fields as the wire gave them (absent = undefined), before validation. */
export interface SpanFields {
  traceId: unknown;
  spanId: unknown;
  parentSpanId: unknown;
  startTimeUnixNano: unknown;
  endTimeUnixNano: unknown;
  name: unknown;
  kind: number;
}

/**
 * The validation both encodings share (SPEC §5.2): ids, timestamps, name. `rest` builds the
 * remaining fields and runs only for a valid span.
 */
export function toRawSpan(
  fields: SpanFields,
  rest: () => Pick<RawSpan, "attributes" | "resourceAttributes" | "scope" | "events" | "status">,
): RawSpan | string {
  const traceId = convertId(fields.traceId, TRACE_ID_HEX_LENGTH);
  if (!traceId.ok) return `traceId ${traceId.reason}`;
  const spanId = convertId(fields.spanId, SPAN_ID_HEX_LENGTH);
  if (!spanId.ok) return `spanId ${spanId.reason}`;
  const parentSpanId = convertParentId(fields.parentSpanId);
  if (!parentSpanId.ok) return `parentSpanId ${parentSpanId.reason}`;

  const start = convertUnixNano(fields.startTimeUnixNano);
  if (start === "invalid") return "startTimeUnixNano is not a non-negative integer";
  if (start === null) return "startTimeUnixNano is missing or zero";
  const end = convertUnixNano(fields.endTimeUnixNano);
  if (end === "invalid") return "endTimeUnixNano is not a non-negative integer";

  const { attributes, resourceAttributes, scope, events, status } = rest();
  return {
    traceId: traceId.value,
    spanId: spanId.value,
    parentSpanId: parentSpanId.value,
    name: typeof fields.name === "string" ? fields.name : "",
    kind: fields.kind,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes,
    resourceAttributes,
    scope,
    events,
    status,
  };
}

type IdResult = { ok: true; value: string } | { ok: false; reason: string };

/**
 * Hex ids are case-insensitive on the wire and lower-cased here. Byte arrays (a protobuf
 * decoder that did not convert them) are accepted too, so a missed conversion is not a reject.
 */
function convertId(value: unknown, hexLength: number): IdResult {
  const hex = value instanceof Uint8Array ? Buffer.from(value).toString("hex") : value;
  if (typeof hex !== "string" || hex === "") return { ok: false, reason: "is missing" };
  const lower = hex.toLowerCase();
  if (!/^[0-9a-f]*$/.test(lower)) return { ok: false, reason: `"${hex}" is not hexadecimal` };
  if (lower.length !== hexLength) {
    return {
      ok: false,
      reason: `"${hex}" must be ${hexLength} hex characters, got ${lower.length}`,
    };
  }
  if (/^0+$/.test(lower)) return { ok: false, reason: "is all zeros, which OTLP defines as invalid" };
  return { ok: true, value: lower };
}

/**
 * Empty or absent means a root span. An all-zero parent is OTel's "invalid span id", which
 * exporters use for "no parent", so it is a root too; any other malformed parent rejects the
 * span, because guessing a root would detach it from its trace silently.
 */
function convertParentId(value: unknown): { ok: true; value: string | null } | { ok: false; reason: string } {
  if (value == null || value === "") return { ok: true, value: null };
  if (value instanceof Uint8Array && value.length === 0) return { ok: true, value: null };
  const id = convertId(value, SPAN_ID_HEX_LENGTH);
  if (id.ok) return id;
  if (id.reason.startsWith("is all zeros")) return { ok: true, value: null };
  return id;
}

/**
 * `*UnixNano` as a JSON number, a decimal string, a bigint or a protobufjs Long, parsed into a
 * BigInt. A JSON number above 2^53 has already lost precision before we see it; it is accepted
 * (as its shortest decimal form). Returns null for absent or zero, "invalid" for anything unparseable.
 */
export function convertUnixNano(value: unknown): bigint | null | "invalid" {
  if (value == null || value === "") return null;
  const parsed = toBigInt(value);
  if (parsed === undefined || parsed < 0n) return "invalid";
  return parsed === 0n ? null : parsed;
}

function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return undefined;
    // Past 2^53 the double is not what the sender wrote; its shortest decimal form usually is
    // (1794994937318000000, not …000128). Below 1e21, String() never uses exponent notation.
    return Math.abs(value) < 1e21 ? BigInt(String(value)) : BigInt(value);
  }
  if (typeof value === "string") return /^-?\d+$/.test(value.trim()) ? BigInt(value.trim()) : undefined;
  if (isLong(value)) {
    const high = BigInt(value.high >>> 0);
    const low = BigInt(value.low >>> 0);
    const unsigned = (high << 32n) | low;
    return !value.unsigned && value.high < 0 ? unsigned - (1n << 64n) : unsigned;
  }
  return undefined;
}

function isLong(value: unknown): value is { low: number; high: number; unsigned?: boolean } {
  return isObject(value) && typeof value.low === "number" && typeof value.high === "number";
}

/** Enums arrive as integers (OTLP JSON) or as their proto names (some protobuf decoders). */
function convertEnum(value: unknown, names: Record<string, number>): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string") {
    const known = names[value.toUpperCase()];
    if (known !== undefined) return known;
    if (/^\d+$/.test(value)) return Number(value);
  }
  return 0;
}

function convertStatus(value: unknown): RawSpan["status"] {
  if (!isObject(value)) return { code: 0, message: "" };
  const message = field(value, "message");
  return {
    code: convertEnum(field(value, "code"), STATUS_CODE_NAMES),
    message: typeof message === "string" ? message : "",
  };
}

function convertScope(value: unknown): RawSpan["scope"] {
  if (!isObject(value)) return null;
  const name = field(value, "name");
  const version = field(value, "version");
  return { name: typeof name === "string" ? name : "", version: typeof version === "string" ? version : "" };
}

/** Events keep name, time and attributes; an unparseable event time becomes 0 (unknown). */
function convertEvents(value: unknown): RawSpanEvent[] {
  if (!Array.isArray(value)) return [];
  const events: RawSpanEvent[] = [];
  for (const entry of value) {
    if (!isObject(entry)) continue;
    const name = field(entry, "name");
    const time = convertUnixNano(field(entry, "timeUnixNano", "time_unix_nano"));
    events.push({
      name: typeof name === "string" ? name : "",
      timeUnixNano: typeof time === "bigint" ? time : 0n,
      attributes: convertAttributes(field(entry, "attributes")),
    });
  }
  return events;
}

/** A `KeyValue[]` list as a plain object; a repeated key keeps its last value. */
export function convertAttributes(value: unknown): Attributes {
  const attributes: Attributes = {};
  if (!Array.isArray(value)) return attributes;
  for (const entry of value) {
    if (!isObject(entry)) continue;
    const key = field(entry, "key");
    if (typeof key !== "string") continue;
    attributes[key] = convertAnyValue(field(entry, "value"));
  }
  return attributes;
}

/**
 * An OTLP `AnyValue` as JSON. int64 becomes a number when it is a safe integer, else a decimal
 * string (never a lossy number); bytes stay base64; non-finite doubles become null because the
 * record must stay JSON-serialisable.
 */
export function convertAnyValue(value: unknown): AttributeValue {
  if (!isObject(value)) return null;
  const stringValue = field(value, "stringValue", "string_value");
  if (stringValue !== undefined) return typeof stringValue === "string" ? stringValue : String(stringValue);
  const boolValue = field(value, "boolValue", "bool_value");
  if (boolValue !== undefined) return boolValue === true || boolValue === "true";
  const intValue = field(value, "intValue", "int_value");
  if (intValue !== undefined) return convertInt(intValue);
  const doubleValue = field(value, "doubleValue", "double_value");
  if (doubleValue !== undefined) {
    const number = typeof doubleValue === "number" ? doubleValue : Number(doubleValue);
    return Number.isFinite(number) ? number : null;
  }
  const arrayValue = field(value, "arrayValue", "array_value");
  if (arrayValue !== undefined) {
    const values = isObject(arrayValue) ? field(arrayValue, "values") : undefined;
    return Array.isArray(values) ? values.map(convertAnyValue) : [];
  }
  const kvlistValue = field(value, "kvlistValue", "kvlist_value");
  if (kvlistValue !== undefined) {
    return convertAttributes(isObject(kvlistValue) ? field(kvlistValue, "values") : undefined);
  }
  const bytesValue = field(value, "bytesValue", "bytes_value");
  if (bytesValue !== undefined) {
    if (bytesValue instanceof Uint8Array) return Buffer.from(bytesValue).toString("base64");
    return typeof bytesValue === "string" ? bytesValue : null;
  }
  return null;
}

export function convertInt(value: unknown): AttributeValue {
  const parsed = toBigInt(value);
  if (parsed === undefined) {
    // A non-integer where an int64 belongs: keep what was sent rather than invent a value.
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    return typeof value === "string" ? value : null;
  }
  const number = Number(parsed);
  return Number.isSafeInteger(number) ? number : parsed.toString();
}

/** Reads a field under its camelCase or snake_case name (the first one present wins). */
function field(object: Obj, ...names: string[]): unknown {
  for (const name of names) {
    const value = object[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new OtlpFormatError(`"${path}" must be an array; got ${describe(value)}.`);
  return value;
}

function isObject(value: unknown): value is Obj {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
