/**
 * One traced provider request (the `LlmCall` of the contract). Times come from the monotonic
 * clock: the start is taken when the call is created (just before the provider call), the end
 * when it ends, TTFT at the first content chunk. Every method is guarded and idempotent.
 */
import { type Attributes, type AttributeValue, type Span, SpanStatusCode } from "@opentelemetry/api";
import { FALLOM, GEN_AI, OTEL } from "../attributes.js";
import { encodeContent } from "../capture.js";
import { deferContent } from "../export/deferred-content.js";
import type { ActiveSpan } from "./active-span.js";
import { runWithActiveSpan, runWithSyncActiveSpan } from "./active-span.js";
import { describeError } from "./describe-error.js";
import { guard } from "./guard.js";
import { usageAttributes } from "./span-attributes.js";
import type { LlmCall, LlmCallResult } from "./types.js";

/** W5: an abandoned stream is recorded this long after its start or last chunk. */
export const ABANDONED_STREAM_TIMEOUT_MS = 10 * 60 * 1000;

export class RecordedLlmCall implements LlmCall, ActiveSpan {
  readonly isLlmCall = true;
  private isEnded = false;
  private firstChunkAt: number | undefined;
  private abandonTimer: NodeJS.Timeout | undefined;
  private lastTouchAt = 0;

  constructor(
    readonly otelSpan: Span,
    readonly captureContent: boolean,
    private readonly startedAt: number,
  ) {
    this.abandonTimer = setTimeout(() => this.abandon(), ABANDONED_STREAM_TIMEOUT_MS);
    this.abandonTimer.unref();
  }

  get ended(): boolean {
    return this.isEnded;
  }

  run<T>(fn: () => T): T {
    // Only the context switch is ours; `fn`'s own errors and results pass through untouched.
    return runWithActiveSpan(this, fn);
  }

  runSync<T>(fn: () => T): T {
    return runWithSyncActiveSpan(this, fn);
  }

  markContentChunk(): void {
    if (this.firstChunkAt === undefined && !this.isEnded) this.firstChunkAt = performance.now();
    this.touch();
  }

  touch(): void {
    if (this.isEnded) return;
    // Re-arming a timer per chunk is measurable on long streams; once a second is plenty for a
    // 10-minute inactivity limit.
    const now = performance.now();
    if (now - this.lastTouchAt < 1000) return;
    this.lastTouchAt = now;
    this.abandonTimer?.refresh();
  }

  setAttributes(attributes: Record<string, AttributeValue | undefined>): void {
    if (this.isEnded) return;
    guard("LlmCall.setAttributes", () => this.otelSpan.setAttributes(attributes as Attributes), undefined);
  }

  end(result?: LlmCallResult): void {
    this.finish(result, () => this.otelSpan.setStatus({ code: SpanStatusCode.OK }));
  }

  cancel(result?: LlmCallResult): void {
    this.finish(result, () => {
      this.otelSpan.setAttribute(FALLOM.streamCancelled, true);
      this.otelSpan.setStatus({ code: SpanStatusCode.OK });
    });
  }

  fail(error: unknown, partial?: LlmCallResult): void {
    this.finish(partial, () => {
      const { type, message } = describeError(error);
      this.otelSpan.setAttribute(OTEL.errorType, type);
      this.otelSpan.setStatus({ code: SpanStatusCode.ERROR, message });
    });
  }

  private abandon(): void {
    this.finish(undefined, () => {
      this.otelSpan.setAttribute(FALLOM.streamIncomplete, true);
      this.otelSpan.setStatus({ code: SpanStatusCode.OK });
    });
  }

  private finish(result: LlmCallResult | undefined, setStatus: () => void): void {
    if (this.isEnded) return;
    this.isEnded = true;
    const endedAt = performance.now();
    if (this.abandonTimer) clearTimeout(this.abandonTimer);
    this.abandonTimer = undefined;
    guard(
      "LlmCall.end",
      () => {
        if (result) this.applyResult(result);
        if (this.firstChunkAt !== undefined) {
          this.otelSpan.setAttribute(
            GEN_AI.responseTimeToFirstChunk,
            (this.firstChunkAt - this.startedAt) / 1000,
          );
        }
        setStatus();
      },
      undefined,
    );
    guard("LlmCall.end", () => this.otelSpan.end(endedAt), undefined);
  }

  private applyResult(result: LlmCallResult): void {
    const span = this.otelSpan;
    if (result.responseId !== undefined) span.setAttribute(GEN_AI.responseId, result.responseId);
    if (result.responseModel !== undefined) span.setAttribute(GEN_AI.responseModel, result.responseModel);
    if (result.finishReasons && result.finishReasons.length > 0) {
      span.setAttribute(GEN_AI.responseFinishReasons, [...result.finishReasons]);
    }
    if (result.usage) span.setAttributes(usageAttributes(result.usage));
    if (result.rawUsage !== undefined && result.rawUsage !== null) {
      const rawUsage = encodeContent(result.rawUsage);
      if (rawUsage !== undefined) span.setAttribute(FALLOM.rawUsage, rawUsage);
    }
    if (typeof result.reportedCostUsd === "number" && Number.isFinite(result.reportedCostUsd)) {
      span.setAttribute(FALLOM.costReportedUsd, result.reportedCostUsd);
    }
    if (result.attributes) span.setAttributes(result.attributes as Attributes);
    if (this.captureContent && result.rawResponse) {
      const rawResponse = guard("rawResponse()", result.rawResponse, undefined);
      deferContent(span, FALLOM.rawResponse, rawResponse);
    }
  }
}
