/**
 * One traced provider request (the `LlmCall` of the contract). Times come from the monotonic
 * clock: the start is taken when the call is created (just before the provider call), the end
 * when it ends, TTFT at the first content chunk. Every method is guarded and idempotent.
 */
import { type AttributeValue, type Span, type SpanStatus, SpanStatusCode, trace } from "@opentelemetry/api";
import { FALLOM, GEN_AI, OTEL } from "../attributes.js";
import { encodeContent } from "../capture.js";
import { deferContent } from "../export/deferred-content.js";
import { debugLog } from "../log.js";
import type { ActiveSpan } from "./active-span.js";
import { runWithActiveSpan, runWithSyncActiveSpan } from "./active-span.js";
import { describeError } from "./describe-error.js";
import { guard } from "./guard.js";
import { type IdleWatched, unwatchIdle, watchIdle } from "./idle-call-sweeper.js";
import type { LlmSpanRecord } from "./llm-span-record.js";
import { usageAttributes } from "./span-attributes.js";
import type { LlmCall, LlmCallResult } from "./types.js";

/** W5: an abandoned stream is recorded this long after its start or last chunk. */
export const ABANDONED_STREAM_TIMEOUT_MS = 10 * 60 * 1000;

const OK_STATUS: SpanStatus = { code: SpanStatusCode.OK };

/** How a call ended: decides the status and the marker attribute. */
const Outcome = { Ok: 0, Cancelled: 1, Failed: 2, Abandoned: 3 } as const;
type Outcome = (typeof Outcome)[keyof typeof Outcome];

export class RecordedLlmCall implements LlmCall, ActiveSpan, IdleWatched {
  readonly isLlmCall = true;
  private isEnded = false;
  private firstChunkAt: number | undefined;
  /** A chunk arrived since the last idle sweep (see `idle-call-sweeper.ts`). */
  private touched = false;
  private idleSince: number;
  private parentView: Span | undefined;

  constructor(
    readonly record: LlmSpanRecord,
    readonly captureContent: boolean,
    private readonly startedAt: number,
  ) {
    this.idleSince = startedAt;
    watchIdle(this, startedAt);
  }

  /** What child spans (tool calls, manual spans, AI SDK steps) read as their parent. */
  get otelSpan(): Span {
    this.parentView ??= trace.wrapSpanContext(this.record.spanContext());
    return this.parentView;
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
    this.touched = true;
  }

  touch(): void {
    this.touched = true;
  }

  /** W5: called by the idle sweeper about once a second while the call is open. */
  checkIdle(now: number): void {
    if (this.touched) {
      this.touched = false;
      this.idleSince = now;
    } else if (now - this.idleSince >= ABANDONED_STREAM_TIMEOUT_MS) {
      this.finish(undefined, Outcome.Abandoned);
    }
  }

  setAttributes(attributes: Record<string, AttributeValue | undefined>): void {
    if (this.isEnded) return;
    guard("LlmCall.setAttributes", () => this.record.setAll(attributes), undefined);
  }

  end(result?: LlmCallResult): void {
    this.finish(result, Outcome.Ok);
  }

  cancel(result?: LlmCallResult): void {
    this.finish(result, Outcome.Cancelled);
  }

  fail(error: unknown, partial?: LlmCallResult): void {
    this.finish(partial, Outcome.Failed, error);
  }

  private finish(result: LlmCallResult | undefined, outcome: Outcome, error?: unknown): void {
    if (this.isEnded) return;
    this.isEnded = true;
    const endedAt = performance.now();
    unwatchIdle(this);
    // The end time is taken now; the outcome's attributes (usage mapping, raw usage JSON, error
    // description) are filled at export, off the caller's path. `result` is our own plain data
    // built from the response, so reading it later records the same values.
    const firstChunkAt = this.firstChunkAt;
    try {
      this.record.endLater(endedAt, () => this.complete(result, outcome, error, firstChunkAt));
    } catch (caught) {
      debugLog("internal error in LlmCall.end (swallowed):", caught);
    }
  }

  /** The attributes and status of how the call ended; runs once, at export (`endLater`). */
  private complete(
    result: LlmCallResult | undefined,
    outcome: Outcome,
    error: unknown,
    firstChunkAt: number | undefined,
  ): SpanStatus {
    const record = this.record;
    let status: SpanStatus = OK_STATUS;
    try {
      if (result) this.applyResult(result);
      if (firstChunkAt !== undefined) {
        record.set(GEN_AI.responseTimeToFirstChunk, (firstChunkAt - this.startedAt) / 1000);
      }
      if (outcome === Outcome.Failed) {
        const { type, message } = describeError(error);
        record.set(OTEL.errorType, type);
        status = { code: SpanStatusCode.ERROR, message };
      } else if (outcome === Outcome.Cancelled) {
        record.set(FALLOM.streamCancelled, true);
      } else if (outcome === Outcome.Abandoned) {
        record.set(FALLOM.streamIncomplete, true);
      }
    } catch (caught) {
      debugLog("internal error in LlmCall.end (swallowed):", caught);
    }
    return status;
  }

  private applyResult(result: LlmCallResult): void {
    const record = this.record;
    if (result.responseId !== undefined) record.set(GEN_AI.responseId, result.responseId);
    if (result.responseModel !== undefined) record.set(GEN_AI.responseModel, result.responseModel);
    if (result.finishReasons && result.finishReasons.length > 0) {
      record.set(GEN_AI.responseFinishReasons, result.finishReasons);
    }
    if (result.usage) record.setAll(usageAttributes(result.usage));
    if (result.rawUsage !== undefined && result.rawUsage !== null) {
      const rawUsage = encodeContent(result.rawUsage);
      if (rawUsage !== undefined) record.set(FALLOM.rawUsage, rawUsage);
    }
    if (typeof result.reportedCostUsd === "number" && Number.isFinite(result.reportedCostUsd)) {
      record.set(FALLOM.costReportedUsd, result.reportedCostUsd);
    }
    if (result.attributes) record.setAll(result.attributes);
    if (this.captureContent && result.rawResponse) {
      const rawResponse = guard("rawResponse()", result.rawResponse, undefined);
      deferContent(record, FALLOM.rawResponse, rawResponse);
    }
  }
}
