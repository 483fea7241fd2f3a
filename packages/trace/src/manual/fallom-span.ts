/**
 * Manual spans (SPEC §2.6): user-defined steps (retrieval, tools, pre/post-processing) that
 * group and parent the LLM calls made inside them.
 */
import { type Span, SpanStatusCode } from "@opentelemetry/api";
import { FALLOM, OTEL } from "../attributes.js";
import { encodeContent, toContentAttribute } from "../capture.js";
import { debugLog, warn } from "../log.js";
import { type ActiveSpan, runWithActiveSpan } from "../record/active-span.js";
import { describeError } from "../record/describe-error.js";
import { guard } from "../record/guard.js";

/** SPEC §2.6. */
export interface SpanOptions {
  /** Parent span id (16 hex) to hang under, e.g. from another service. */
  parentSpanId?: string;
  /** Trace id (32 hex) to join. */
  traceId?: string;
  /** `fallom.kind`; default `"custom"`. */
  kind?: "custom" | "tool" | "retrieval" | "preprocessing" | "postprocessing";
}

type SpanKindOption = NonNullable<SpanOptions["kind"]>;

/**
 * A manual span. Created by `session.span()`; ended once with `end()`.
 *
 * @example
 * const span = session.span("retrieve", { kind: "retrieval" });
 * const docs = await span.run(() => search(query));
 * span.set({ input: query, output: docs, hits: docs.length }).end();
 */
export class FallomSpan {
  /** 16 hex characters. */
  readonly spanId: string;
  /** 32 hex characters. */
  readonly traceId: string;
  readonly parentSpanId?: string;
  readonly kind: SpanKindOption;
  readonly #otelSpan: Span | undefined;
  readonly #captureContent: boolean;
  readonly #active: ActiveSpan | undefined;
  #ended = false;
  #failed = false;

  /** @internal Use `session.span()`. */
  constructor(init: {
    otelSpan: Span | undefined;
    spanId: string;
    traceId: string;
    parentSpanId?: string;
    kind: SpanKindOption;
    captureContent: boolean;
  }) {
    this.spanId = init.spanId;
    this.traceId = init.traceId;
    if (init.parentSpanId !== undefined) this.parentSpanId = init.parentSpanId;
    this.kind = init.kind;
    this.#otelSpan = init.otelSpan;
    this.#captureContent = init.captureContent;
    const self = this;
    this.#active = init.otelSpan
      ? {
          otelSpan: init.otelSpan,
          isLlmCall: false,
          get ended() {
            return self.#ended;
          },
        }
      : undefined;
  }

  /**
   * Shallow-merges attributes: primitives as they are, anything else JSON-encoded. `input` and
   * `output` are content (`fallom.input` / `fallom.output`), sent only when capture is on.
   */
  set(attributes: Record<string, unknown>): this {
    if (this.#ended) {
      warn(`span "${this.spanId}": set() after end() is ignored`);
      return this;
    }
    const span = this.#otelSpan;
    if (!span) return this;
    guard(
      "FallomSpan.set",
      () => {
        for (const [key, value] of Object.entries(attributes)) {
          if (value === undefined || value === null) continue;
          if (key === "input" || key === "output") {
            if (!this.#captureContent) continue;
            const content = toContentAttribute(value);
            if (content !== undefined)
              span.setAttribute(key === "input" ? FALLOM.input : FALLOM.output, content);
          } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
            span.setAttribute(key, value);
          } else {
            const encoded = encodeContent(value);
            if (encoded !== undefined) span.setAttribute(key, encoded);
          }
        }
      },
      undefined,
    );
    return this;
  }

  /** Marks the span failed (status ERROR, `error.type`, message ≤ 2,000 chars); does not end it. */
  setError(error: unknown): this {
    if (this.#ended || !this.#otelSpan) return this;
    const span = this.#otelSpan;
    guard(
      "FallomSpan.setError",
      () => {
        const { type, message } = describeError(error);
        span.setAttribute(OTEL.errorType, type);
        span.setStatus({ code: SpanStatusCode.ERROR, message });
        this.#failed = true;
      },
      undefined,
    );
    return this;
  }

  /** Ids to pass to another service or to `session.span(name, {traceId, parentSpanId})`. */
  context(): { traceId: string; spanId: string } {
    return { traceId: this.traceId, spanId: this.spanId };
  }

  /** Runs `fn` with this span active: wrapped LLM calls and spans inside become its children. */
  run<T>(fn: () => T): T {
    return this.#active ? runWithActiveSpan(this.#active, fn) : fn();
  }

  /** Ends the span and queues it for export; a second call warns and does nothing. */
  end(): void {
    if (this.#ended) {
      warn(`span "${this.spanId}": end() called more than once`);
      return;
    }
    this.#ended = true;
    const span = this.#otelSpan;
    if (!span) return;
    const endedAt = performance.now();
    guard(
      "FallomSpan.end",
      () => {
        if (!this.#failed) span.setStatus({ code: SpanStatusCode.OK });
        span.end(endedAt);
      },
      undefined,
    );
    debugLog(`span ended: ${this.spanId}`);
  }
}
