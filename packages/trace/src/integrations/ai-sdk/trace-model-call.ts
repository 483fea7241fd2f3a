import { FALLOM } from "../../attributes.js";
import { guard } from "../../record/guard.js";
import { startLlmCall } from "../../record/start-llm-call.js";
import type { LlmCall, ScopeResolver } from "../../record/types.js";
import { detectAiSdkVersion } from "./detect-ai-sdk-version.js";
import { type AiSdkModelInfo, inferAiSdkProvider } from "./infer-ai-sdk-provider.js";
import { ModelStreamAccumulator } from "./model-stream-accumulator.js";
import { observeReadableStream } from "./observe-readable-stream.js";
import { toAiSdkRequestParams, toToolNames } from "./to-ai-sdk-request.js";
import { toJsonSafe } from "./to-json-safe.js";
import { readGenerateOutput, toModelResult } from "./to-model-result.js";
import { type AnyRecord, asRecord, isRecord } from "./values.js";

type ModelMethod = (...args: unknown[]) => PromiseLike<unknown>;

function startModelCall(
  scope: ScopeResolver,
  model: object,
  name: "doGenerate" | "doStream",
  options: unknown,
): { call: LlmCall; info: AiSdkModelInfo } | undefined {
  return guard(
    "ai-sdk",
    () => {
      const info = inferAiSdkProvider(model);
      const record = asRecord(options);
      // Call options v2+ list tools in `tools`; v1 in `mode.tools`.
      const tools = record.tools ?? asRecord(record.mode).tools;
      const call = startLlmCall(scope, {
        name,
        method: name,
        operation: "chat",
        provider: info.provider,
        providerRaw: info.providerRaw,
        requestModel: info.modelId,
        serverAddress: info.serverAddress,
        stream: name === "doStream",
        requestParams: toAiSdkRequestParams(record),
        toolNames: toToolNames(tools),
        rawRequest: () =>
          toJsonSafe({ prompt: record.prompt, model: info.modelId, tools: toToolNames(tools) }),
        attributes: { [FALLOM.aiSdkVersion]: detectAiSdkVersion(undefined, info.specificationVersion) },
      });
      return call ? { call, info } : undefined;
    },
    undefined,
  );
}

/**
 * Wraps one model method: starts the span, runs `original` inside it, fails the span when the
 * call throws or rejects (rethrowing as is), and hands a result to `onResult`, which ends the span
 * and returns what the caller gets.
 */
function traceModelMethod(
  model: object,
  original: ModelMethod,
  scope: ScopeResolver,
  name: "doGenerate" | "doStream",
  onResult: (result: unknown, call: LlmCall, info: AiSdkModelInfo) => unknown,
): ModelMethod {
  return (...args: unknown[]) => {
    const started = startModelCall(scope, model, name, args[0]);
    if (!started) return original.apply(model, args);
    const { call, info } = started;
    let pending: PromiseLike<unknown>;
    try {
      pending = call.run(() => original.apply(model, args));
    } catch (error) {
      guard("ai-sdk", () => call.fail(error), undefined);
      throw error;
    }
    return Promise.resolve(pending).then(
      (result) => onResult(result, call, info),
      (error: unknown) => {
        guard("ai-sdk", () => call.fail(error), undefined);
        throw error;
      },
    );
  };
}

/**
 * A traced `doGenerate` (SPEC §2.5.5): the span ends when the result or error arrives.
 *
 * @example overrides.doGenerate = traceDoGenerate(model, model.doGenerate, scope);
 */
export function traceDoGenerate(model: object, original: ModelMethod, scope: ScopeResolver): ModelMethod {
  return traceModelMethod(model, original, scope, "doGenerate", (result, call, info) => {
    guard(
      "ai-sdk",
      () => call.end(toModelResult(readGenerateOutput(result), info.provider, call.captureContent)),
      undefined,
    );
    return result;
  });
}

/**
 * A traced `doStream` (SPEC §2.5.5): the returned part stream is replaced by a pass-through copy,
 * and the span ends when that stream closes, errors or is cancelled (not when `doStream` returns).
 *
 * @example overrides.doStream = traceDoStream(model, model.doStream, scope);
 */
export function traceDoStream(model: object, original: ModelMethod, scope: ScopeResolver): ModelMethod {
  return traceModelMethod(model, original, scope, "doStream", (result, call, info) =>
    guard("ai-sdk", () => observeModelStream(result, call, info.provider), result),
  );
}

function observeModelStream(result: unknown, call: LlmCall, provider: string): unknown {
  if (!isRecord(result) || !(result.stream instanceof ReadableStream)) {
    call.end();
    return result;
  }
  const accumulator = new ModelStreamAccumulator();
  const outcome = () => toModelResult(accumulator.output, provider, call.captureContent);
  const stream = observeReadableStream(result.stream as ReadableStream<unknown>, {
    onChunk: (part) => {
      if (accumulator.add(part)) call.markContentChunk();
      call.touch();
    },
    onClose: () => (accumulator.hasError ? call.fail(accumulator.error, outcome()) : call.end(outcome())),
    onError: (error) => call.fail(error, outcome()),
    onCancel: () => call.cancel(outcome()),
  });
  return { ...(result as AnyRecord), stream };
}
