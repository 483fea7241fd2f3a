/**
 * The recorder entry point every integration calls just before a provider request.
 */
import { FALLOM, FALLOM_SDK_PROTOCOL_VERSION } from "../attributes.js";
import { encodeContent, shouldCaptureContent } from "../capture.js";
import { debugLog } from "../log.js";
import { getRuntime } from "../runtime.js";
import { getActiveSpan } from "./active-span.js";
import { guard } from "./guard.js";
import { resolveParentContext } from "./parent-context.js";
import { RecordedLlmCall } from "./recorded-llm-call.js";
import { linkageAttributes, requestAttributes, sessionAttributes } from "./span-attributes.js";
import type { LlmCall, LlmCallStart, ScopeResolver } from "./types.js";

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
  const span = runtime.tracer.startSpan(start.name, { startTime: startedAt }, resolveParentContext());
  span.setAttributes(sessionAttributes(callScope.context));
  span.setAttribute(FALLOM.sdkVersion, FALLOM_SDK_PROTOCOL_VERSION);
  span.setAttributes(requestAttributes(start));
  const linkage = linkageAttributes(callScope);
  if (linkage) span.setAttributes(linkage);
  if (start.attributes) span.setAttributes(start.attributes);
  if (capture && start.rawRequest) {
    // Encoded now, not at export: callers often push to their `messages` array after the call.
    const rawRequest = guard("rawRequest()", start.rawRequest, undefined);
    const encoded = rawRequest === undefined ? undefined : encodeContent(rawRequest);
    if (encoded !== undefined) span.setAttribute(FALLOM.rawRequest, encoded);
  }
  return new RecordedLlmCall(span, capture, startedAt);
}
