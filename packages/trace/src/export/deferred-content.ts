/**
 * Content whose JSON encoding is deferred from the caller's path to export time. A span's
 * response payload is built when the call ends but encoded only when the batch is serialised,
 * so a large completion costs the caller nothing (W8). Request payloads are encoded at call
 * start instead, because callers commonly mutate their `messages` array after the call.
 */
import type { Attributes } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { encodeContent } from "../capture.js";

const deferred = new WeakMap<object, Record<string, unknown>>();

/**
 * Registers `value` to be JSON-encoded into attribute `key` of `span` at export.
 *
 * @example deferContent(span, FALLOM.rawResponse, { text: "hi" })
 */
export function deferContent(span: object, key: string, value: unknown): void {
  if (value === undefined) return;
  const entries = deferred.get(span);
  if (entries) entries[key] = value;
  else deferred.set(span, { [key]: value });
}

/**
 * The span as the serializer should see it: the same span when nothing was deferred, else a
 * view (prototype = the span, so ids, times and resource are shared) with the encoded values
 * added to its attributes.
 *
 * @example serializer.serializeRequest(spans.map(withDeferredContent))
 */
export function withDeferredContent(span: ReadableSpan): ReadableSpan {
  const entries = deferred.get(span);
  if (!entries) return span;
  const attributes: Attributes = { ...span.attributes };
  for (const [key, value] of Object.entries(entries)) {
    const encoded = encodeContent(value);
    if (encoded !== undefined) attributes[key] = encoded;
  }
  return Object.create(span, { attributes: { value: attributes, enumerable: true } }) as ReadableSpan;
}
