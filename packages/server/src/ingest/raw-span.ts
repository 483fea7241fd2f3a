/**
 * A decoded OTLP span, independent of the wire encoding (protobuf or JSON).
 *
 * Decoders (`decode-otlp-protobuf.ts`, `decode-otlp-json.ts`) produce these; the
 * convention mappers in `normalise/` turn them into {@link SpanRecord}s.
 */

/** An OTLP AnyValue converted to plain JSON: arrays stay arrays, kvlists become objects. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

export interface RawSpanEvent {
  name: string;
  /** Nanoseconds since the epoch, parsed losslessly. */
  timeUnixNano: bigint;
  attributes: Attributes;
}

export interface RawSpan {
  /** 32 lowercase hex characters, never all zero. */
  traceId: string;
  /** 16 lowercase hex characters, never all zero. */
  spanId: string;
  /** 16 lowercase hex characters or null for a root span. */
  parentSpanId: string | null;
  name: string;
  /** OTLP SpanKind enum value (0 unspecified … 5 consumer). */
  kind: number;
  startTimeUnixNano: bigint;
  /** null when the sender did not set one (0). */
  endTimeUnixNano: bigint | null;
  attributes: Attributes;
  resourceAttributes: Attributes;
  scope: { name: string; version: string } | null;
  events: RawSpanEvent[];
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
}

/** Why one span of a request was rejected; the others are still stored. */
export interface RejectedSpan {
  index: number;
  reason: string;
}

export interface DecodedOtlpRequest {
  spans: RawSpan[];
  rejected: RejectedSpan[];
}
