import { guard } from "../../record/guard.js";
import type { LlmCall } from "../../record/types.js";
import { observeReadableStream } from "./observe-readable-stream.js";
import { type AiSdkContext, startAiSdkCall } from "./start-ai-sdk-call.js";
import { type AiSdkResultKind, toAiSdkResult } from "./to-ai-sdk-result.js";
import { type AnyRecord, asRecord, isRecord } from "./values.js";
import { wrapAiSdkTools } from "./wrap-ai-sdk-tools.js";

type SyncFunction = (...args: unknown[]) => unknown;
type Callback = (event: unknown) => unknown;

/** `onChunk` chunk types that carry content (W9): the first one is the time to first token. */
const CONTENT_CHUNKS = new Set([
  "text-delta",
  "reasoning",
  "reasoning-delta",
  "tool-call",
  "tool-call-streaming-start",
  "tool-input-start",
]);

/** Result streams whose consumption ends the span at the latest (SPEC §2.5.4). */
const STREAM_PROPERTIES = new Set([
  "textStream",
  "fullStream",
  "partialObjectStream",
  "elementStream",
  "partialOutputStream",
  "experimental_partialOutputStream",
]);

/** Streams whose first chunk is content (`streamObject`: the first partial object, W9). */
const CONTENT_STREAMS = new Set([
  "textStream",
  "partialObjectStream",
  "elementStream",
  "partialOutputStream",
]);

/**
 * Traces `streamText` / `streamObject`. The caller's `onChunk`, `onFinish` (v7: `onEnd`), `onError`
 * and `onAbort` are composed with ours and still run; the result is a view of the SDK's result
 * whose `textStream` / `fullStream` / `partialObjectStream`… end the span when the consumer finishes
 * or stops early. TTFT therefore works however the result is consumed (iterators,
 * `toUIMessageStreamResponse()`, `pipe*`).
 *
 * @example const streamText = wrapAiSdkStream(ai.streamText, context, "streamText", "text");
 */
export function wrapAiSdkStream(
  original: SyncFunction,
  context: AiSdkContext,
  name: string,
  kind: AiSdkResultKind,
): SyncFunction {
  return function traced(this: unknown, ...args: unknown[]): unknown {
    const [options, ...rest] = args;
    const started = isRecord(options) ? startAiSdkCall(context, name, "chat", options, true) : undefined;
    if (!started || !isRecord(options)) return original.apply(this, args);
    const { call, info } = started;
    const callOptions = guard(
      "ai-sdk",
      () => withTracingOptions(options, context, call, kind, info.provider),
      options,
    );
    let result: unknown;
    try {
      result = call.run(() => original.call(this, callOptions, ...rest));
    } catch (error) {
      guard("ai-sdk", () => call.fail(error), undefined);
      throw error;
    }
    return guard("ai-sdk", () => observeStreamResult(result, call), result);
  };
}

function withTracingOptions(
  options: AnyRecord,
  context: AiSdkContext,
  call: LlmCall,
  kind: AiSdkResultKind,
  provider: string,
): AnyRecord {
  const traced: AnyRecord = { ...options };
  if (options.tools !== undefined) traced.tools = wrapAiSdkTools(options.tools, context.scope, call);
  traced.onChunk = compose(options.onChunk, (event) => {
    const type = asRecord(asRecord(event).chunk).type;
    if (typeof type === "string" && CONTENT_CHUNKS.has(type)) call.markContentChunk();
    call.touch();
  });
  // AI SDK 7 renamed onFinish to onEnd (onFinish stays as its default): compose the one in use.
  const finishKey = typeof options.onEnd === "function" ? "onEnd" : "onFinish";
  traced[finishKey] = compose(options[finishKey], (event) => {
    call.end(toAiSdkResult(event, kind, provider, call.captureContent));
  });
  traced.onAbort = compose(options.onAbort, () => call.cancel());
  // Without a caller onError the SDK logs the error itself; keep that (our handler does the same).
  // AI SDK 7 retries streams through onError only when the caller passed one, so with
  // `streamRetries` set and no caller onError we stay out of it.
  if (typeof options.onError === "function" || options.streamRetries === undefined) {
    const callerOnError = options.onError as Callback | undefined;
    traced.onError = (event: unknown) => {
      guard("ai-sdk", () => call.fail(asRecord(event).error), undefined);
      if (callerOnError) return callerOnError(event);
      console.error(asRecord(event).error);
      return undefined;
    };
  }
  return traced;
}

/** Runs ours (guarded) then the caller's callback, returning what the caller's returns. */
function compose(callerCallback: unknown, ours: (event: unknown) => void): Callback {
  return (event: unknown) => {
    guard("ai-sdk", () => ours(event), undefined);
    return typeof callerCallback === "function" ? (callerCallback as Callback)(event) : undefined;
  };
}

/** A view of the SDK's result whose streams report to the span; everything else is the result's own. */
function observeStreamResult(result: unknown, call: LlmCall): unknown {
  if (!isRecord(result)) return result;
  return new Proxy(result, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== "string" || !STREAM_PROPERTIES.has(property)) return value;
      if (!(value instanceof ReadableStream)) return value;
      const marksContent = CONTENT_STREAMS.has(property);
      return observeReadableStream(value, {
        onChunk: (chunk) => {
          if (marksContent || isContentPart(chunk)) call.markContentChunk();
          call.touch();
        },
        onClose: () => call.end(),
        onError: (error) => call.fail(error),
        onCancel: () => call.cancel(),
      });
    },
  });
}

/** A `fullStream` part that carries content (`streamObject` emits `object` parts). */
function isContentPart(chunk: unknown): boolean {
  const type = asRecord(chunk).type;
  return typeof type === "string" && (CONTENT_CHUNKS.has(type) || type === "object");
}
