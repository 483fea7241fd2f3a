/**
 * Tool executions (SPEC §2.5.4): an `execute_tool` child span of the active LLM call or manual
 * span. LLM calls made inside `run()` are its children and are traced (W4 passes through only
 * inside an LLM call, not inside a tool).
 */
import { type Span, SpanStatusCode } from "@opentelemetry/api";
import { FALLOM, FALLOM_SDK_PROTOCOL_VERSION, GEN_AI, OTEL } from "../attributes.js";
import { shouldCaptureContent, toContentAttribute } from "../capture.js";
import { getRuntime } from "../runtime.js";
import { type ActiveSpan, runWithActiveSpan } from "./active-span.js";
import { describeError } from "./describe-error.js";
import { guard } from "./guard.js";
import { resolveParentContext } from "./parent-context.js";
import { sessionAttributes } from "./span-attributes.js";
import type { ScopeResolver, ToolCall, ToolCallStart } from "./types.js";

/** `gen_ai.operation.name` and `fallom.method` of tool spans; the span name adds the tool name. */
export const EXECUTE_TOOL = "execute_tool";

class RecordedToolCall implements ToolCall, ActiveSpan {
  readonly isLlmCall = false;
  private isEnded = false;

  constructor(
    readonly otelSpan: Span,
    private readonly captureContent: boolean,
  ) {}

  get ended(): boolean {
    return this.isEnded;
  }

  run<T>(fn: () => T): T {
    return runWithActiveSpan(this, fn);
  }

  end(result?: () => unknown): void {
    if (this.isEnded) return;
    this.isEnded = true;
    const endedAt = performance.now();
    guard(
      "ToolCall.end",
      () => {
        if (this.captureContent && result) {
          const value = toContentAttribute(guard("tool result()", result, undefined));
          if (value !== undefined) this.otelSpan.setAttribute(GEN_AI.toolCallResult, value);
        }
        this.otelSpan.setStatus({ code: SpanStatusCode.OK });
        this.otelSpan.end(endedAt);
      },
      undefined,
    );
  }

  fail(error: unknown): void {
    if (this.isEnded) return;
    this.isEnded = true;
    const endedAt = performance.now();
    guard(
      "ToolCall.fail",
      () => {
        const { type, message } = describeError(error);
        this.otelSpan.setAttribute(OTEL.errorType, type);
        this.otelSpan.setStatus({ code: SpanStatusCode.ERROR, message });
        this.otelSpan.end(endedAt);
      },
      undefined,
    );
  }
}

/**
 * Returns undefined (run the tool untraced) when the SDK is not initialised or there is no
 * session. Never throws.
 *
 * @example
 * const tool = startToolCall(scope, { toolName: "weather", toolCallId: id, arguments: () => args });
 * try { const out = await (tool ? tool.run(() => execute(args)) : execute(args)); tool?.end(() => out); return out; }
 * catch (e) { tool?.fail(e); throw e; }
 */
export function startToolCall(scope: ScopeResolver, start: ToolCallStart): ToolCall | undefined {
  return guard(
    "startToolCall",
    () => {
      const runtime = getRuntime();
      if (!runtime) return undefined;
      const callScope = scope();
      if (!callScope) return undefined;
      const capture = shouldCaptureContent(runtime.capture, callScope);
      const span = runtime.tracer.startSpan(
        `${EXECUTE_TOOL} ${start.toolName}`,
        { startTime: performance.now() },
        resolveParentContext(),
      );
      span.setAttributes(sessionAttributes(callScope.context));
      span.setAttributes({
        [FALLOM.sdkVersion]: FALLOM_SDK_PROTOCOL_VERSION,
        [FALLOM.method]: EXECUTE_TOOL,
        [FALLOM.kind]: "tool",
        [GEN_AI.operationName]: EXECUTE_TOOL,
        [GEN_AI.toolName]: start.toolName,
      });
      if (start.toolCallId !== undefined) span.setAttribute(GEN_AI.toolCallId, start.toolCallId);
      if (capture && start.arguments) {
        const value = toContentAttribute(guard("tool arguments()", start.arguments, undefined));
        if (value !== undefined) span.setAttribute(GEN_AI.toolCallArguments, value);
      }
      return new RecordedToolCall(span, capture);
    },
    undefined,
  );
}
