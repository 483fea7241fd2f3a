import { guard } from "../../record/guard.js";
import type { LlmOperation } from "../../record/types.js";
import { type AiSdkContext, startAiSdkCall } from "./start-ai-sdk-call.js";
import { type AiSdkResultKind, toAiSdkResult } from "./to-ai-sdk-result.js";
import { asRecord, isRecord } from "./values.js";
import { wrapAiSdkTools } from "./wrap-ai-sdk-tools.js";

type AsyncFunction = (...args: unknown[]) => Promise<unknown>;

/**
 * Traces a promise-returning AI SDK function (`generateText`, `generateObject`, `embed`,
 * `embedMany`): one span from the call to the settled result, with tool executions as children.
 * The caller gets the SDK's own result object, or its own error, unchanged.
 *
 * @example const generateText = wrapAiSdkGenerate(ai.generateText, context, "generateText", "chat", "text");
 */
export function wrapAiSdkGenerate(
  original: AsyncFunction,
  context: AiSdkContext,
  name: string,
  operation: LlmOperation,
  kind: AiSdkResultKind,
): AsyncFunction {
  return function traced(this: unknown, ...args: unknown[]): Promise<unknown> {
    const [options, ...rest] = args;
    const started = startAiSdkCall(context, name, operation, options, false);
    if (!started) return original.apply(this, args);
    const { call, info } = started;
    const tools = asRecord(options).tools;
    const callOptions =
      tools === undefined || !isRecord(options)
        ? options
        : { ...options, tools: guard("ai-sdk", () => wrapAiSdkTools(tools, context.scope, call), tools) };
    let promise: Promise<unknown>;
    try {
      promise = call.run(() => original.call(this, callOptions, ...rest));
    } catch (error) {
      guard("ai-sdk", () => call.fail(error), undefined);
      throw error;
    }
    return Promise.resolve(promise).then(
      (result) => {
        guard(
          "ai-sdk",
          () => call.end(toAiSdkResult(result, kind, info.provider, call.captureContent)),
          undefined,
        );
        return result;
      },
      (error: unknown) => {
        guard("ai-sdk", () => call.fail(error), undefined);
        throw error;
      },
    );
  };
}
