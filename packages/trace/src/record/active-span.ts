/**
 * Our own async context: the Fallom span active on this async path. Kept apart from the
 * OpenTelemetry context so the SDK works without a registered context manager and never
 * disturbs the user's.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Span } from "@opentelemetry/api";

/** An LLM call, tool call or manual span that can parent later spans. */
export interface ActiveSpan {
  readonly otelSpan: Span;
  /** True for LLM calls: a wrapped call inside one passes through (W4). */
  readonly isLlmCall: boolean;
  readonly ended: boolean;
}

const storage = new AsyncLocalStorage<ActiveSpan>();

/** @example getActiveSpan()?.otelSpan.spanContext().spanId */
export function getActiveSpan(): ActiveSpan | undefined {
  return storage.getStore();
}

/** Runs `fn` with `span` active on its async path. @example runWithActiveSpan(call, () => sdk.create()) */
export function runWithActiveSpan<T>(span: ActiveSpan, fn: () => T): T {
  return storage.run(span, fn);
}
