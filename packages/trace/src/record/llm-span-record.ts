/**
 * An LLM call's span as plain data. LLM calls are the SDK's hot path, so they skip the
 * OpenTelemetry SDK span (tracer sampling, per-span metrics, a processor fan-out and a validating
 * `setAttribute` per key) and fill this record instead; at the end it goes to our export
 * processor as a `ReadableSpan`. What reaches the wire is what the isolated provider in
 * `runtime.ts` would have produced: the same resource and scope objects (so the encoder groups
 * them with the provider's spans), kind INTERNAL, the sampled flag, the parent's trace state, the
 * provider's attribute rules (null values skipped, invalid values rejected, arrays copied, at most
 * `ATTRIBUTE_COUNT_LIMIT` keys) and its clock (monotonic times anchored to the wall clock at the
 * start of the span).
 */
import {
  type Attributes,
  type AttributeValue,
  diag,
  type HrTime,
  type Link,
  type SpanContext,
  SpanKind,
  type SpanStatus,
  SpanStatusCode,
} from "@opentelemetry/api";
import { hrTime, hrTimeDuration, type InstrumentationScope, isAttributeValue } from "@opentelemetry/core";
import type { ReadableSpan, SpanProcessor, TimedEvent } from "@opentelemetry/sdk-trace-base";

/** The provider's `spanLimits.attributeCountLimit` (runtime.ts); LLM records apply the same. */
export const ATTRIBUTE_COUNT_LIMIT = 1024;

const NO_LINKS: Link[] = [];
const NO_EVENTS: TimedEvent[] = [];
const UNSET_STATUS: SpanStatus = { code: SpanStatusCode.UNSET };

/** Where records come from and go to: shared by every record of one runtime. */
export interface RecordTarget {
  readonly resource: ReadableSpan["resource"];
  readonly scope: InstrumentationScope;
  readonly processor: Pick<SpanProcessor, "onEnd">;
}

/**
 * @example
 * const record = new LlmSpanRecord("chat.completions.create", context, parent, performance.now(), target);
 * record.set("gen_ai.request.model", "gpt-4o");
 * record.end(performance.now(), { code: SpanStatusCode.OK }); // handed to target.processor
 */
export class LlmSpanRecord implements ReadableSpan {
  readonly kind = SpanKind.INTERNAL;
  readonly links = NO_LINKS;
  readonly events = NO_EVENTS;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  /**
   * Attributes as two parallel lists in insertion order (as an object keeps them): cheaper to
   * fill and to encode than an object with ~30 dynamic keys. `attributes` builds the object.
   */
  readonly attributeKeys: string[] = [];
  readonly attributeValues: AttributeValue[] = [];
  /** Content encoded only at export (`deferContent`); undefined when there is none. */
  deferred: Record<string, unknown> | undefined;
  readonly resource: ReadableSpan["resource"];
  readonly instrumentationScope: InstrumentationScope;
  droppedAttributesCount = 0;
  status: SpanStatus = UNSET_STATUS;
  ended = false;
  private endedAt = 0;
  /** Wall clock minus monotonic clock at the start, as the OTel SDK span computes it. */
  private readonly clockOffset: number;

  constructor(
    readonly name: string,
    private readonly context: SpanContext,
    readonly parentSpanContext: SpanContext | undefined,
    private readonly startedAt: number,
    private readonly target: RecordTarget,
  ) {
    this.resource = target.resource;
    this.instrumentationScope = target.scope;
    this.clockOffset = Date.now() - (performance.now() + performance.timeOrigin);
  }

  spanContext(): SpanContext {
    return this.context;
  }

  get startTime(): HrTime {
    return hrTime(this.startedAt + this.clockOffset);
  }

  get endTime(): HrTime {
    return this.ended ? hrTime(Math.max(this.endedAt, this.startedAt) + this.clockOffset) : [0, 0];
  }

  /** The attributes as an object (for `ReadableSpan` readers; the encoder reads the lists). */
  get attributes(): Attributes {
    const attributes: Attributes = {};
    const keys = this.attributeKeys;
    const values = this.attributeValues;
    for (let i = 0; i < keys.length; i++) attributes[keys[i] as string] = values[i];
    return attributes;
  }

  get duration(): HrTime {
    return this.ended ? hrTimeDuration(this.startTime, this.endTime) : [-1, -1];
  }

  /**
   * One attribute, with the provider's rules: null and undefined are skipped, values that are
   * not attribute values are rejected with a diag warning, arrays are copied, new keys beyond
   * the limit are dropped and counted. Ignored once ended.
   */
  set(key: string, value: unknown): void {
    if (value == null || this.ended) return;
    const type = typeof value;
    if (type !== "string" && type !== "number" && type !== "boolean") {
      if (!Array.isArray(value) || !isAttributeValue(value)) {
        diag.warn(`Invalid attribute value set for key: ${key}`);
        return;
      }
      value = value.slice();
    }
    if (key.length === 0) {
      diag.warn(`Invalid attribute key: ${key}`);
      return;
    }
    const keys = this.attributeKeys;
    const at = keys.indexOf(key);
    if (at >= 0) {
      this.attributeValues[at] = value as AttributeValue;
    } else if (keys.length >= ATTRIBUTE_COUNT_LIMIT) {
      this.droppedAttributesCount++;
    } else {
      keys.push(key);
      this.attributeValues.push(value as AttributeValue);
    }
  }

  /** Every own entry of `attributes`, in order, through `set`. */
  setAll(attributes: Readonly<Record<string, unknown>>): void {
    for (const key in attributes) {
      if (Object.hasOwn(attributes, key)) this.set(key, attributes[key]);
    }
  }

  /** Ends the record once (later calls are ignored) and hands it to the export processor. */
  end(endedAt: number, status: SpanStatus): void {
    if (this.ended) return;
    this.status = status;
    this.endedAt = endedAt;
    this.ended = true;
    this.target.processor.onEnd(this);
  }
}
