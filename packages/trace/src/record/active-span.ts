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

/**
 * The span active for the synchronous part of a vendor method call (see `runWithSyncActiveSpan`).
 * Checked before the async context, so it wins while that call is on the stack.
 */
let syncActive: ActiveSpan | undefined;

/** @example getActiveSpan()?.otelSpan.spanContext().spanId */
export function getActiveSpan(): ActiveSpan | undefined {
  return syncActive ?? storage.getStore();
}

/** Runs `fn` with `span` active on its async path. @example runWithActiveSpan(call, () => sdk.create()) */
export function runWithActiveSpan<T>(span: ActiveSpan, fn: () => T): T {
  return storage.run(span, fn);
}

/**
 * Marks `span` active only while `fn` runs synchronously. Enough for W4 when `fn` is a provider
 * SDK's own method (a re-wrapped view, or a helper that calls `create` before its first await),
 * and much cheaper than `runWithActiveSpan`: on Node 20 the first `AsyncLocalStorage.run()`
 * switches on promise hooks for the whole process, which taxes every promise the host app makes
 * (measured: most of the SDK's per-call cost on a 100-chunk stream). Async nesting (AI SDK
 * tool loops, manual spans) still uses `runWithActiveSpan`.
 *
 * @example runWithSyncActiveSpan(call, () => original.apply(owner, args))
 */
export function runWithSyncActiveSpan<T>(span: ActiveSpan, fn: () => T): T {
  const previous = syncActive;
  syncActive = span;
  try {
    return fn();
  } finally {
    syncActive = previous;
  }
}
