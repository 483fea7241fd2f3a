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
import { debugLog } from "../log.js";

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
  ended = false;
  private dropped = 0;
  private finalStatus: SpanStatus = UNSET_STATUS;
  private endedAt = 0;
  /** What `setLater` left to do: the first attributes, filled before any other set or read. */
  private startFill: (() => void) | undefined;
  /** What `endLater` left to do: fills the outcome's attributes when the record is first read. */
  private completion: (() => SpanStatus) | undefined;
  /** Set while a deferred fill runs: its sets are allowed although the record may have ended. */
  private filling = false;
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
    this.complete();
    const attributes: Attributes = {};
    const keys = this.attributeKeys;
    const values = this.attributeValues;
    for (let i = 0; i < keys.length; i++) attributes[keys[i] as string] = values[i];
    return attributes;
  }

  get status(): SpanStatus {
    this.complete();
    return this.finalStatus;
  }

  get droppedAttributesCount(): number {
    this.complete();
    return this.dropped;
  }

  get duration(): HrTime {
    return this.ended ? hrTimeDuration(this.startTime, this.endTime) : [-1, -1];
  }

  /**
   * One attribute, with the provider's rules: null and undefined are skipped, values that are
   * not attribute values are rejected with a diag warning, arrays are copied, new keys beyond
   * the limit are dropped and counted. Ignored once ended (except from a `setLater`/`endLater` fill).
   */
  set(key: string, value: unknown): void {
    if (this.startFill) this.runStartFill();
    if (value == null || (this.ended && !this.filling)) return;
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
      this.dropped++;
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
    this.finalStatus = status;
    this.endedAt = endedAt;
    this.ended = true;
    this.target.processor.onEnd(this);
  }

  /**
   * Leaves the record's first attributes to `fill`, which runs once, before any other attribute
   * is set or the record is read: the same attributes in the same order, built off the caller's
   * path when nothing else is set during the call. `fill` must only read values that cannot
   * change in between (the call's own start description, an immutable session context).
   *
   * @example record.setLater(() => record.setAll(requestAttributes(start)))
   */
  setLater(fill: () => void): void {
    if (this.startFill) this.runStartFill();
    this.startFill = fill;
  }

  private runStartFill(): void {
    const fill = this.startFill;
    this.startFill = undefined;
    if (!fill) return;
    this.filling = true;
    try {
      fill();
    } catch (error) {
      debugLog("internal error in filling an LLM span (swallowed):", error);
    } finally {
      this.filling = false;
    }
  }

  /**
   * Ends the record now (its end time is `endedAt`) but leaves the outcome's attributes and the
   * status to `completion`, which runs once, at the first read of the attributes, the status or
   * the encoder's `complete()` call, i.e. at export rather than on the caller's path. Attributes
   * it sets land after the ones set before the end, as they would have had they been set then.
   *
   * @example record.endLater(performance.now(), () => { record.set("gen_ai.response.id", id); return OK })
   */
  endLater(endedAt: number, completion: () => SpanStatus): void {
    if (this.ended) return;
    this.completion = completion;
    this.end(endedAt, UNSET_STATUS);
  }

  /** Runs what `endLater` left to do (once; a no-op otherwise). Must not throw: see `endLater`. */
  complete(): void {
    if (this.startFill) this.runStartFill();
    const completion = this.completion;
    if (!completion) return;
    this.completion = undefined;
    this.filling = true;
    try {
      this.finalStatus = completion();
    } catch (error) {
      debugLog("internal error in completing an LLM span (swallowed):", error);
    } finally {
      this.filling = false;
    }
  }
}
