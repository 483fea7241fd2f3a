/** Creates a `FallomSpan` for a session (SPEC §2.6 parenting rules). */
import { type Context, ROOT_CONTEXT, TraceFlags, trace } from "@opentelemetry/api";
import { RandomIdGenerator } from "@opentelemetry/sdk-trace-base";
import { FALLOM, FALLOM_SDK_PROTOCOL_VERSION } from "../attributes.js";
import { shouldCaptureContent } from "../capture.js";
import { debugLog } from "../log.js";
import { guard } from "../record/guard.js";
import { resolveParentContext } from "../record/parent-context.js";
import { sessionAttributes } from "../record/span-attributes.js";
import type { CallScope } from "../record/types.js";
import { getRuntime, type Runtime } from "../runtime.js";
import { FallomSpan, type SpanOptions } from "./fallom-span.js";

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const randomIds = new RandomIdGenerator();

/**
 * Parent = explicit `traceId`/`parentSpanId`, else the active span, else a new trace. Before
 * `init()` (or after `shutdown()`) the span is inert: it has ids but is never exported.
 *
 * @example startManualSpan(session.scope(), "rerank", { kind: "postprocessing" })
 */
export function startManualSpan(scope: CallScope, name: string, options: SpanOptions = {}): FallomSpan {
  const kind = options.kind ?? "custom";
  const runtime = getRuntime();
  const started = runtime
    ? guard("session.span", () => startRecorded(runtime, scope, name, options), undefined)
    : undefined;
  if (started) return started;
  return new FallomSpan({
    otelSpan: undefined,
    spanId: randomIds.generateSpanId(),
    traceId: validId(options.traceId, TRACE_ID) ?? randomIds.generateTraceId(),
    ...(options.parentSpanId ? { parentSpanId: options.parentSpanId } : {}),
    kind,
    captureContent: false,
  });
}

function startRecorded(runtime: Runtime, scope: CallScope, name: string, options: SpanOptions): FallomSpan {
  const kind = options.kind ?? "custom";
  const traceId = validId(options.traceId, TRACE_ID);
  const parentSpanId = validId(options.parentSpanId, SPAN_ID);
  let parent: Context;
  if (parentSpanId) {
    const inheritedTraceId =
      traceId ?? trace.getSpan(resolveParentContext())?.spanContext().traceId ?? randomIds.generateTraceId();
    parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: inheritedTraceId,
      spanId: parentSpanId,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  } else if (traceId) {
    parent = ROOT_CONTEXT;
    runtime.idGenerator.forceNextTraceId(traceId);
  } else {
    parent = resolveParentContext();
  }
  let otelSpan: ReturnType<typeof runtime.tracer.startSpan>;
  try {
    otelSpan = runtime.tracer.startSpan(name, { startTime: performance.now() }, parent);
  } finally {
    runtime.idGenerator.forceNextTraceId(undefined);
  }
  otelSpan.setAttributes(sessionAttributes(scope.context));
  otelSpan.setAttributes({
    [FALLOM.sdkVersion]: FALLOM_SDK_PROTOCOL_VERSION,
    [FALLOM.method]: name,
    [FALLOM.kind]: kind,
    [FALLOM.spanType]: "manual",
  });
  const spanContext = otelSpan.spanContext();
  const parentContext = trace.getSpan(parent)?.spanContext();
  return new FallomSpan({
    otelSpan,
    spanId: spanContext.spanId,
    traceId: spanContext.traceId,
    ...(parentContext ? { parentSpanId: parentContext.spanId } : {}),
    kind,
    captureContent: shouldCaptureContent(runtime.capture, scope),
  });
}

function validId(value: string | undefined, pattern: RegExp): string | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (pattern.test(lower) && !/^0+$/.test(lower)) return lower;
  debugLog(`ignoring invalid span option id ${JSON.stringify(value)}`);
  return undefined;
}
