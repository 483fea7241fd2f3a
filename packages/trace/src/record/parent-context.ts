/**
 * Where a new span hangs (SPEC §2.6, §10 #7): our active span, else the user's active
 * OpenTelemetry span (when they registered a context manager), else a new root trace.
 */
import {
  type Context,
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  type SpanContext,
  trace,
} from "@opentelemetry/api";
import { type ActiveSpan, getActiveSpan } from "./active-span.js";

/**
 * A context built from ROOT_CONTEXT holding only the parent, so nothing else of the user's
 * context (e.g. suppressed tracing) leaks into our spans.
 *
 * @example tracer.startSpan("x", {}, resolveParentContext())
 */
export function resolveParentContext(): Context {
  const active = getActiveSpan();
  if (active) return trace.setSpan(ROOT_CONTEXT, active.otelSpan);
  const userSpan = trace.getSpan(context.active());
  if (userSpan && isSpanContextValid(userSpan.spanContext())) return trace.setSpan(ROOT_CONTEXT, userSpan);
  return ROOT_CONTEXT;
}

/**
 * The parent's span context by the same rules as `resolveParentContext`, for spans recorded
 * without the tracer (LLM calls): undefined means a new root trace. An invalid context of our
 * active span also means a root, as the tracer would decide.
 *
 * @example resolveParentSpanContext(getActiveSpan())?.traceId
 */
export function resolveParentSpanContext(active: ActiveSpan | undefined): SpanContext | undefined {
  const parent = active ? active.otelSpan.spanContext() : trace.getSpan(context.active())?.spanContext();
  return parent && isSpanContextValid(parent) ? parent : undefined;
}
