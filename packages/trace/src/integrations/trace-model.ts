/**
 * `traceModel(model)` (SPEC §2.5.5): the "wrap the model directly" style of the Vercel AI SDK.
 */
import type { ScopeResolver } from "../record/types.js";
import { createView, unwrapView } from "./ai-sdk/create-view.js";
import { traceDoGenerate, traceDoStream } from "./ai-sdk/trace-model-call.js";
import { isRecord } from "./ai-sdk/values.js";

type ModelMethod = (...args: unknown[]) => PromiseLike<unknown>;

/**
 * A view of an AI SDK language model (specification v1 to v3, and v4 of AI SDK 7) whose
 * `doGenerate` and `doStream` are traced; the model itself is untouched. Used inside `wrapAISDK`,
 * the call yields one span, not two (W4). Anything that is not a language model is returned as is.
 *
 * @example
 * ```ts
 * const model = session.traceModel(openai("gpt-4o"));
 * const { text } = await generateText({ model, prompt: "Hello!" });
 * ```
 */
export function traceModel<T>(model: T, scope: ScopeResolver): T {
  const target = unwrapView(model);
  if (!isRecord(target)) return model;
  const overrides: Record<string, unknown> = {};
  if (typeof target.doGenerate === "function") {
    overrides.doGenerate = traceDoGenerate(target, target.doGenerate as ModelMethod, scope);
  }
  if (typeof target.doStream === "function") {
    overrides.doStream = traceDoStream(target, target.doStream as ModelMethod, scope);
  }
  if (Object.keys(overrides).length === 0) return model;
  return createView(target, overrides) as T;
}
