import {
  type Context,
  type ContextManager,
  context,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { TraceState } from "@opentelemetry/core";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FALLOM, FALLOM_SDK_PROTOCOL_VERSION, GEN_AI, OTEL } from "../attributes.js";
import { encodeContent } from "../capture.js";
import { resolveConfig } from "../config.js";
import { deferContent, deferredAttributes } from "../export/deferred-content.js";
import { encodeTraceRequest } from "../export/encode-trace-request.js";
import { createRuntime, type Runtime, setRuntime } from "../runtime.js";
import { describeError } from "./describe-error.js";
import { LlmSpanRecord } from "./llm-span-record.js";
import { resolveParentContext } from "./parent-context.js";
import {
  linkageAttributes,
  requestAttributes,
  sessionAttributes,
  usageAttributes,
} from "./span-attributes.js";
import { startLlmCall } from "./start-llm-call.js";
import { startToolCall } from "./start-tool-call.js";
import type { CallScope, LlmCallResult, LlmCallStart } from "./types.js";

/** A synchronous stack context manager: enough for a user span active around a sync call. */
class StackContextManager implements ContextManager {
  private stack: Context[] = [];
  active(): Context {
    return this.stack.at(-1) ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this.stack.push(ctx);
    try {
      return fn.apply(thisArg, args);
    } finally {
      this.stack.pop();
    }
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.stack = [];
    return this;
  }
}

const scope: CallScope = {
  context: {
    configKey: "chat",
    sessionId: "s-1",
    customerId: "c-1",
    tags: ["a", "b"],
    metadata: { plan: "pro", seats: 3 },
  },
  prompt: { promptKey: "greet", promptVersion: 2, abTestKey: "ab", variantIndex: 1 },
};

const start: LlmCallStart = {
  name: "chat.completions.create",
  method: "chat.completions.create",
  operation: "chat",
  provider: "openai",
  requestModel: "gpt-4o-mini",
  serverAddress: "api.openai.com",
  stream: true,
  requestParams: { temperature: 0.2, maxTokens: 64, stopSequences: ["\n"] },
  toolNames: ["weather"],
  rawRequest: () => ({ messages: [{ role: "user", content: "hi" }], model: "gpt-4o-mini" }),
  attributes: { "openai.request.extra": "x", "fallom.ignored": undefined },
};

const result: LlmCallResult = {
  responseId: "chatcmpl-1",
  responseModel: "gpt-4o-mini-2024",
  finishReasons: ["stop"],
  usage: { inputTokens: 10, outputTokens: 3, totalTokens: 13, cacheReadTokens: 2 },
  rawUsage: { prompt_tokens: 10, completion_tokens: 3 },
  attributes: { "openai.response.system_fingerprint": "fp_1", "openai.response.service_tier": undefined },
  rawResponse: () => ({ choices: [{ message: { content: "hello" } }] }),
};

type Ending = { kind: "end" | "cancel" } | { kind: "fail"; error: unknown };

/**
 * The previous recorder, step for step through the OpenTelemetry SDK tracer: the reference the
 * plain-data record must match on the wire.
 */
function recordViaTracer(runtime: Runtime, ending: Ending, firstChunk: boolean): void {
  const startedAt = performance.now();
  const span = runtime.tracer.startSpan(start.name, { startTime: startedAt }, resolveParentContext());
  span.setAttributes(sessionAttributes(scope.context));
  span.setAttribute(FALLOM.sdkVersion, FALLOM_SDK_PROTOCOL_VERSION);
  span.setAttributes(requestAttributes(start));
  const linkage = linkageAttributes(scope);
  if (linkage) span.setAttributes(linkage);
  if (start.attributes) span.setAttributes(start.attributes);
  span.setAttribute(FALLOM.rawRequest, encodeContent(start.rawRequest?.()) as string);
  span.setAttribute(GEN_AI.responseId, result.responseId as string);
  span.setAttribute(GEN_AI.responseModel, result.responseModel as string);
  span.setAttribute(GEN_AI.responseFinishReasons, [...(result.finishReasons ?? [])]);
  span.setAttributes(usageAttributes(result.usage ?? {}));
  span.setAttribute(FALLOM.rawUsage, encodeContent(result.rawUsage) as string);
  if (result.attributes) span.setAttributes(result.attributes);
  deferContent(span, FALLOM.rawResponse, result.rawResponse?.());
  if (firstChunk) span.setAttribute(GEN_AI.responseTimeToFirstChunk, 0.001);
  if (ending.kind === "fail") {
    const { type, message } = describeError(ending.error);
    span.setAttribute(OTEL.errorType, type);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  } else {
    if (ending.kind === "cancel") span.setAttribute(FALLOM.streamCancelled, true);
    span.setStatus({ code: SpanStatusCode.OK });
  }
  span.end(performance.now());
}

/** The same call through the recorder the integrations use. */
function recordViaRecorder(ending: Ending, firstChunk: boolean): void {
  const call = startLlmCall(() => scope, start);
  expect(call).toBeDefined();
  if (firstChunk) call?.markContentChunk();
  if (ending.kind === "fail") call?.fail(ending.error, result);
  else if (ending.kind === "cancel") call?.cancel(result);
  else call?.end(result);
}

/** Times and TTFT differ between two runs by nature: pin them so the rest can be compared byte for byte. */
function pinTimes(span: ReadableSpan): ReadableSpan {
  const ttft = GEN_AI.responseTimeToFirstChunk;
  const pinned: PropertyDescriptorMap = {
    startTime: { value: [1_700_000_000, 1000] },
    endTime: { value: [1_700_000_001, 2000] },
  };
  if (span instanceof LlmSpanRecord) {
    // The outcome's attributes are filled at export (`endLater`): fill them before copying.
    span.complete();
    // The encoder reads a record's attribute lists, not its `attributes` object.
    const values = span.attributeValues.map((value, i) => (span.attributeKeys[i] === ttft ? 0.001 : value));
    pinned.attributeValues = { value: values };
  } else {
    const attributes = { ...span.attributes };
    if (attributes[ttft] !== undefined) attributes[ttft] = 0.001;
    pinned.attributes = { value: attributes };
  }
  const view = Object.create(span, pinned) as ReadableSpan;
  const deferred = deferredAttributes(span);
  if (deferred) {
    for (const [key, value] of Object.entries(deferred)) deferContent(view, key, JSON.parse(String(value)));
  }
  return view;
}

let runtime: Runtime;
let ended: ReadableSpan[];
let nextId: number;

beforeEach(() => {
  runtime = createRuntime(resolveConfig({ apiKey: "flm_test", baseUrl: "http://127.0.0.1:9" }, {}), false);
  ended = [];
  vi.spyOn(runtime.processor, "onEnd").mockImplementation((span) => {
    ended.push(span);
  });
  // Deterministic ids, so both paths can produce the same ones.
  nextId = 1;
  runtime.idGenerator.generateSpanId = () => (nextId++).toString(16).padStart(16, "0");
  runtime.idGenerator.generateTraceId = () => (nextId++).toString(16).padStart(32, "a");
  setRuntime(runtime);
});

afterEach(() => {
  setRuntime(undefined);
  vi.restoreAllMocks();
});

/** Records the call both ways from the same ids and returns the two encodings. */
function encodeBothWays(
  ending: Ending,
  firstChunk: boolean,
  around: (fn: () => void) => void = (fn) => fn(),
) {
  around(() => recordViaTracer(runtime, ending, firstChunk));
  nextId = 1;
  around(() => recordViaRecorder(ending, firstChunk));
  expect(ended).toHaveLength(2);
  const [reference, record] = ended.map(pinTimes) as [ReadableSpan, ReadableSpan];
  return {
    reference: Buffer.from(encodeTraceRequest([reference], deferredAttributes)),
    record: Buffer.from(encodeTraceRequest([record], deferredAttributes)),
    spans: ended,
  };
}

describe("LlmSpanRecord on the wire", () => {
  it("encodes a plain call exactly as the OpenTelemetry SDK span did", () => {
    const { reference, record, spans } = encodeBothWays({ kind: "end" }, false);
    expect(record.equals(reference)).toBe(true);
    expect(spans[1]?.attributes[FALLOM.rawRequest]).toBe(
      '{"messages":[{"role":"user","content":"hi"}],"model":"gpt-4o-mini"}',
    );
    expect(spans[1]?.parentSpanContext).toBeUndefined();
  });

  it("encodes a stream with TTFT, a cancelled stream and a failure exactly as before", () => {
    for (const ending of [
      { kind: "end" },
      { kind: "cancel" },
      { kind: "fail", error: Object.assign(new Error("boom"), { status: 500 }) },
    ] as Ending[]) {
      ended = [];
      nextId = 1;
      const { reference, record, spans } = encodeBothWays(ending, true);
      expect(record.equals(reference)).toBe(true);
      expect(spans[1]?.attributes[GEN_AI.responseTimeToFirstChunk]).toBeTypeOf("number");
    }
  });

  it("stays byte-identical while values repeat and change (the encoder reuses repeated values)", () => {
    const original = start.requestModel;
    try {
      for (const model of ["model-a", "model-a", "model-a", "model-b", "model-a", "model-b"]) {
        start.requestModel = model;
        ended = [];
        nextId = 1;
        const { reference, record, spans } = encodeBothWays({ kind: "end" }, false);
        expect(record.equals(reference)).toBe(true);
        expect(spans[1]?.attributes[GEN_AI.requestModel]).toBe(model);
      }
    } finally {
      start.requestModel = original;
    }
  });

  it("drops attributes beyond the provider's count limit exactly as the SDK span did", () => {
    const context = scope.context;
    try {
      // A new context object: session attributes are cached per context.
      const metadata = Object.fromEntries(Array.from({ length: 1100 }, (_, i) => [`k${i}`, i]));
      scope.context = { ...context, metadata };
      const { reference, record, spans } = encodeBothWays({ kind: "end" }, false);
      expect(record.equals(reference)).toBe(true);
      expect(spans[1]?.droppedAttributesCount).toBeGreaterThan(0);
      expect(spans[1]?.droppedAttributesCount).toBe(spans[0]?.droppedAttributesCount);
    } finally {
      scope.context = context;
    }
  });

  it("nests under the user's active OpenTelemetry span with its trace state, as before", () => {
    const manager = new StackContextManager();
    expect(context.setGlobalContextManager(manager)).toBe(true);
    try {
      const userSpan = trace.wrapSpanContext({
        traceId: "0af7651916cd43dd8448eb211c80319c",
        spanId: "b7ad6b7169203331",
        traceFlags: 1,
        isRemote: true,
        traceState: new TraceState("vendor=v1"),
      });
      const underUser = (fn: () => void) => context.with(trace.setSpan(context.active(), userSpan), fn);
      const { reference, record, spans } = encodeBothWays({ kind: "end" }, false, underUser);
      expect(record.equals(reference)).toBe(true);
      expect(spans[1]?.parentSpanContext?.spanId).toBe("b7ad6b7169203331");
      expect(spans[1]?.spanContext().traceId).toBe("0af7651916cd43dd8448eb211c80319c");
      expect(spans[1]?.spanContext().traceState?.serialize()).toBe("vendor=v1");
    } finally {
      context.disable();
    }
  });

  it("shares the provider's resource and scope, so both kinds of span land in one group", () => {
    recordViaRecorder({ kind: "end" }, false);
    runtime.tracer.startSpan("manual").end();
    const [record, manual] = ended as [ReadableSpan, ReadableSpan];
    expect(record.resource).toBe(manual.resource);
    expect(record.instrumentationScope).toBe(manual.instrumentationScope);
    expect(record.kind).toBe(manual.kind);
  });

  it("parents a tool call started inside the LLM call to the LLM span", () => {
    const call = startLlmCall(() => scope, start);
    call?.runSync(() => startToolCall(() => scope, { toolName: "weather" })?.end());
    call?.end();
    const [tool, llm] = ended as [ReadableSpan, ReadableSpan];
    expect(tool.parentSpanContext?.spanId).toBe(llm.spanContext().spanId);
    expect(tool.spanContext().traceId).toBe(llm.spanContext().traceId);
  });

  it("fills the deferred start and end attributes in the order eager sets would have used", () => {
    const call = startLlmCall(() => scope, start);
    call?.setAttributes({ "test.during": 1 });
    call?.markContentChunk();
    call?.end({ responseId: "r-1", usage: { inputTokens: 3 } });
    const record = ended[0] as LlmSpanRecord;
    record.complete();
    const keys = record.attributeKeys;
    expect(keys[0]).toBe(FALLOM.configKey);
    expect(keys.indexOf(FALLOM.rawRequest)).toBeLessThan(keys.indexOf("test.during"));
    expect(keys.indexOf("test.during")).toBeLessThan(keys.indexOf(GEN_AI.responseId));
    expect(keys.indexOf(GEN_AI.usageInputTokens)).toBeLessThan(keys.indexOf(GEN_AI.responseTimeToFirstChunk));
    expect(keys.at(-1)).toBe(GEN_AI.responseTimeToFirstChunk);
    const count = keys.length;
    record.complete();
    expect(record.attributes[GEN_AI.responseId]).toBe("r-1");
    expect(record.attributeKeys).toHaveLength(count);
  });

  it("records a failure's error type and status when the span is read", () => {
    const call = startLlmCall(() => scope, start);
    call?.fail(Object.assign(new Error("slow down"), { status: 429 }));
    const record = ended[0] as ReadableSpan;
    expect(record.status).toEqual({ code: SpanStatusCode.ERROR, message: "slow down" });
    expect(record.attributes[OTEL.errorType]).toBe("429");
  });

  it("applies the provider's attribute rules: invalid values rejected, arrays copied, ends once", () => {
    const call = startLlmCall(() => scope, start);
    const names = ["x"];
    call?.setAttributes({ "test.names": names, "test.mixed": [1, "a"] as unknown as string[] });
    names.push("y");
    call?.end();
    call?.end({ responseId: "later" });
    call?.setAttributes({ "test.after": 1 });
    expect(ended).toHaveLength(1);
    const record = ended[0] as ReadableSpan;
    expect(record.attributes["test.names"]).toEqual(["x"]);
    expect(record.attributes).not.toHaveProperty("test.mixed");
    expect(record.attributes).not.toHaveProperty("test.after");
    expect(record.attributes).not.toHaveProperty(GEN_AI.responseId);
    expect(record.status).toEqual({ code: SpanStatusCode.OK });
    expect(record.droppedAttributesCount).toBe(0);
  });
});
