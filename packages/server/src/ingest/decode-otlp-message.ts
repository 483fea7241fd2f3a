/**
 * A decoded protobufjs `ExportTraceServiceRequest` message → {@link RawSpan}s, read straight from
 * the message objects. Going through `toObject` first (base64 ids turned back into hex, int64 as
 * decimal strings parsed again) cost about as much as decoding the bytes. Validation is the one
 * the JSON path uses (`toRawSpan`); only the reading differs, so the two cannot disagree on what
 * a valid span is (tests compare both readings of the same bytes).
 *
 * protobufjs keeps unset fields on the message prototype (`""`, `0`, an empty array, a zero Long),
 * so a field counts as sent only when it is an own property — what `toObject` also looks at.
 */
import { convertInt, convertUnixNano, toRawSpan } from "./decode-otlp-json.js";
import type {
  Attributes,
  AttributeValue,
  DecodedOtlpRequest,
  RawSpan,
  RawSpanEvent,
  RejectedSpan,
} from "./raw-span.js";

type Message = Record<string, unknown>;

const hasOwn = (message: Message, key: string): boolean => Object.hasOwn(message, key);

/** The field when it was sent (an own, non-null property), else undefined. */
function sent(message: Message, key: string): unknown {
  const value = message[key];
  return value != null && hasOwn(message, key) ? value : undefined;
}

const list = (value: unknown): Message[] => (Array.isArray(value) ? (value as Message[]) : []);

/**
 * Reads the spans of a decoded request. Span `index` in `rejected` counts every span entry in
 * document order, as in `convertOtlpRequest`.
 *
 * @example
 * const { spans, rejected } = convertOtlpMessage(exportRequest.decode(bytes) as never);
 */
export function convertOtlpMessage(request: Message): DecodedOtlpRequest {
  const spans: RawSpan[] = [];
  const rejected: RejectedSpan[] = [];
  let index = 0;
  for (const resourceSpans of list(sent(request, "resourceSpans"))) {
    const resource = sent(resourceSpans, "resource") as Message | undefined;
    const resourceAttributes = messageAttributes(resource ? sent(resource, "attributes") : undefined);
    for (const scopeSpans of list(sent(resourceSpans, "scopeSpans"))) {
      const scopeMessage = sent(scopeSpans, "scope") as Message | undefined;
      const scope = scopeMessage
        ? { name: text(scopeMessage, "name"), version: text(scopeMessage, "version") }
        : null;
      for (const span of list(sent(scopeSpans, "spans"))) {
        const result = toRawSpan(
          {
            traceId: sent(span, "traceId"),
            spanId: sent(span, "spanId"),
            parentSpanId: sent(span, "parentSpanId"),
            startTimeUnixNano: sent(span, "startTimeUnixNano"),
            endTimeUnixNano: sent(span, "endTimeUnixNano"),
            name: sent(span, "name"),
            kind: enumValue(span, "kind"),
          },
          () => ({
            attributes: messageAttributes(sent(span, "attributes")),
            resourceAttributes,
            scope,
            events: messageEvents(sent(span, "events")),
            status: messageStatus(sent(span, "status") as Message | undefined),
          }),
        );
        if (typeof result === "string") rejected.push({ index, reason: result });
        else spans.push(result);
        index += 1;
      }
    }
  }
  return { spans, rejected };
}

function text(message: Message, key: string): string {
  const value = sent(message, key);
  return typeof value === "string" ? value : "";
}

/** Enums decode as integers (unknown values kept as sent). */
function enumValue(message: Message, key: string): number {
  const value = sent(message, key);
  return typeof value === "number" && Number.isInteger(value) ? value : 0;
}

function messageStatus(status: Message | undefined): RawSpan["status"] {
  if (!status) return { code: 0, message: "" };
  return { code: enumValue(status, "code"), message: text(status, "message") };
}

function messageEvents(value: unknown): RawSpanEvent[] {
  const events: RawSpanEvent[] = [];
  for (const event of list(value)) {
    const time = convertUnixNano(sent(event, "timeUnixNano"));
    events.push({
      name: text(event, "name"),
      timeUnixNano: typeof time === "bigint" ? time : 0n,
      attributes: messageAttributes(sent(event, "attributes")),
    });
  }
  return events;
}

/** `KeyValue` messages as a plain object; a repeated key keeps its last value. */
function messageAttributes(value: unknown): Attributes {
  const attributes: Attributes = {};
  for (const entry of list(value)) {
    const key = sent(entry, "key");
    if (typeof key !== "string") continue;
    attributes[key] = messageAnyValue(sent(entry, "value") as Message | undefined);
  }
  return attributes;
}

/**
 * An `AnyValue` message as JSON, with the rules of `convertAnyValue` (members checked in the same
 * order, so a malformed message with two members set reads the same way).
 */
function messageAnyValue(value: Message | undefined): AttributeValue {
  if (!value) return null;
  const stringValue = sent(value, "stringValue");
  if (stringValue !== undefined) return String(stringValue);
  const boolValue = sent(value, "boolValue");
  if (boolValue !== undefined) return boolValue === true;
  const intValue = sent(value, "intValue");
  if (intValue !== undefined) return convertInt(intValue);
  const doubleValue = sent(value, "doubleValue");
  if (doubleValue !== undefined) {
    const number = Number(doubleValue);
    return Number.isFinite(number) ? number : null;
  }
  const arrayValue = sent(value, "arrayValue") as Message | undefined;
  if (arrayValue !== undefined) return list(sent(arrayValue, "values")).map(messageAnyValue);
  const kvlistValue = sent(value, "kvlistValue") as Message | undefined;
  if (kvlistValue !== undefined) return messageAttributes(sent(kvlistValue, "values"));
  const bytesValue = sent(value, "bytesValue");
  if (bytesValue instanceof Uint8Array) {
    return Buffer.from(bytesValue.buffer, bytesValue.byteOffset, bytesValue.byteLength).toString("base64");
  }
  return null;
}
