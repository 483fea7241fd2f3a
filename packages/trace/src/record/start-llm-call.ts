/**
 * The recorder entry point every integration calls just before a provider request.
 */
import { type Attributes, type SpanContext, TraceFlags } from "@opentelemetry/api";
import { FALLOM, FALLOM_SDK_PROTOCOL_VERSION } from "../attributes.js";
import { encodeContent, shouldCaptureContent } from "../capture.js";
import { debugLog } from "../log.js";
import { getRuntime, type Runtime } from "../runtime.js";
import { getActiveSpan } from "./active-span.js";
import { guard } from "./guard.js";
import { LlmSpanRecord } from "./llm-span-record.js";
import { resolveParentSpanContext } from "./parent-context.js";
import { RecordedLlmCall } from "./recorded-llm-call.js";
import { linkageAttributes, requestAttributes, sessionAttributes } from "./span-attributes.js";
import type { CallScope, LlmCall, LlmCallStart, ScopeResolver } from "./types.js";

/**
 * Starts the span of one provider request. Returns undefined, meaning "call the provider
 * untraced", when the SDK is not initialised (W2, checked now), when `scope()` yields no session,
 * or when an LLM call is already active on this async path (W4: one span per provider request).
 * Never throws.
 *
 * @example
 * const call = startLlmCall(scope, { name: "chat.completions.create", method: "chat.completions.create",
 *   operation: "chat", provider: "openai", requestModel: body.model, stream: false });
 * try { const r = await (call ? call.run(() => create(body)) : create(body)); call?.end({...}); return r; }
 * catch (e) { call?.fail(e); throw e; }
 */
export function startLlmCall(scope: ScopeResolver, start: LlmCallStart): LlmCall | undefined {
  // Inline rather than through `guard`: no closure on the call path.
  try {
    return startTraced(scope, start);
  } catch (error) {
    debugLog("internal error in startLlmCall (swallowed):", error);
    return undefined;
  }
}

function startTraced(scope: ScopeResolver, start: LlmCallStart): LlmCall | undefined {
  const runtime = getRuntime();
  if (!runtime) return undefined;
  const active = getActiveSpan();
  if (active?.isLlmCall && !active.ended) return undefined;
  const callScope = scope();
  if (!callScope) return undefined;

  const capture = shouldCaptureContent(runtime.capture, callScope);
  const startedAt = performance.now();
  const parent = resolveParentSpanContext(active);
  const record = new LlmSpanRecord(start.name, newSpanContext(runtime, parent), parent, startedAt, runtime);
  let encodedRequest: string | undefined;
  if (capture && start.rawRequest) {
    // Encoded now, not at export: callers often push to their `messages` array after the call.
    const rawRequest = guard("rawRequest()", start.rawRequest, undefined);
    encodedRequest = rawRequest === undefined ? undefined : encodeContent(rawRequest);
  }
  // Set into the record when it is first read or set (at export for most calls). Built now, so the
  // closure holds only these small objects, never `start.rawRequest`'s hold on the caller's
  // messages; the call scope is this call's own object and its session context is immutable.
  const request = requestAttributes(start);
  const extra = start.attributes;
  record.setLater(() => fillStart(record, callScope, request, extra, encodedRequest));
  return new RecordedLlmCall(record, capture, startedAt);
}

function fillStart(
  record: LlmSpanRecord,
  callScope: CallScope,
  request: Attributes,
  extra: LlmCallStart["attributes"],
  encodedRequest: string | undefined,
): void {
  record.setAll(sessionAttributes(callScope.context));
  record.set(FALLOM.sdkVersion, FALLOM_SDK_PROTOCOL_VERSION);
  record.setAll(request);
  const linkage = linkageAttributes(callScope);
  if (linkage) record.setAll(linkage);
  if (extra) record.setAll(extra);
  if (encodedRequest !== undefined) record.set(FALLOM.rawRequest, encodedRequest);
}

/**
 * Ids as the tracer assigns them (span id first, then a trace id only for a root), sampled
 * (the provider's sampler is always-on), with the parent's trace state.
 */
function newSpanContext(runtime: Runtime, parent: SpanContext | undefined): SpanContext {
  const spanId = runtime.idGenerator.generateSpanId();
  if (!parent) {
    const traceId = runtime.idGenerator.generateTraceId();
    return { traceId, spanId, traceFlags: TraceFlags.SAMPLED, traceState: undefined };
  }
  return { traceId: parent.traceId, spanId, traceFlags: TraceFlags.SAMPLED, traceState: parent.traceState };
}
