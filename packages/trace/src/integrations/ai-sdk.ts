/**
 * Vercel AI SDK integration (SPEC §2.5.4): `wrapAISDK(ai)` returns traced copies of the module's
 * call functions. The `ai` module itself is never modified.
 */
import type { ScopeResolver } from "../record/types.js";
import type { AiSdkContext } from "./ai-sdk/start-ai-sdk-call.js";
import { wrapAiSdkGenerate } from "./ai-sdk/wrap-ai-sdk-generate.js";
import { wrapAiSdkStream } from "./ai-sdk/wrap-ai-sdk-stream.js";

type AnyFunction = (...args: unknown[]) => unknown;

/** The functions `wrapAISDK` traces; each is `undefined` when the given module lacks it. */
export interface WrappedAISDK<T> {
  generateText: FunctionOf<T, "generateText">;
  streamText: FunctionOf<T, "streamText">;
  generateObject: FunctionOf<T, "generateObject">;
  streamObject: FunctionOf<T, "streamObject">;
  embed: FunctionOf<T, "embed">;
  embedMany: FunctionOf<T, "embedMany">;
}

/** `T[K]` when the module has it (keeping its exact generic signature), else `undefined`. */
export type FunctionOf<T, K extends string> = T extends { [P in K]: infer F } ? F : undefined;

/**
 * Traced versions of `generateText`, `streamText`, `generateObject`, `streamObject`, `embed` and
 * `embedMany` (AI SDK 4 to 7). Each call is one span; tool executions are child spans, and LLM calls
 * made inside a tool are children of the tool span. A function the module lacks is `undefined`.
 *
 * @example
 * ```ts
 * import * as ai from "ai";
 * const { generateText, streamText } = session.wrapAISDK(ai);
 * const { text } = await generateText({ model: openai("gpt-4o"), prompt: "Hello!" });
 * ```
 */
export function wrapAISDK<T>(ai: T, scope: ScopeResolver): WrappedAISDK<T> {
  const context: AiSdkContext = { scope, ai };
  const module =
    (typeof ai === "object" || typeof ai === "function") && ai !== null
      ? (ai as Record<string, unknown>)
      : {};
  const pick = (key: string): AnyFunction | undefined => {
    const value = module[key];
    return typeof value === "function" ? (value as AnyFunction) : undefined;
  };
  const generate = (key: string, operation: "chat" | "embeddings", kind: "text" | "object" | "embedding") => {
    const original = pick(key);
    return original
      ? wrapAiSdkGenerate(original as (...args: unknown[]) => Promise<unknown>, context, key, operation, kind)
      : undefined;
  };
  const stream = (key: string, kind: "text" | "object") => {
    const original = pick(key);
    return original ? wrapAiSdkStream(original, context, key, kind) : undefined;
  };
  return {
    generateText: generate("generateText", "chat", "text"),
    streamText: stream("streamText", "text"),
    generateObject: generate("generateObject", "chat", "object"),
    streamObject: stream("streamObject", "object"),
    embed: generate("embed", "embeddings", "embedding"),
    embedMany: generate("embedMany", "embeddings", "embedding"),
  } as WrappedAISDK<T>;
}
