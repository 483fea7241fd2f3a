import type { RequestParams } from "../../record/types.js";
import { toJsonSafe } from "./to-json-safe.js";
import { type AnyRecord, asRecord, isRecord, toCount } from "./values.js";

function toNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * SPEC §6.1 request parameters from AI SDK call options (`maxOutputTokens` from v5 on,
 * `maxTokens` in v4 and in spec-v1 models).
 *
 * @example toAiSdkRequestParams({ temperature: 0.2, maxOutputTokens: 50 }) // { temperature: 0.2, maxTokens: 50 }
 */
export function toAiSdkRequestParams(options: AnyRecord): RequestParams | undefined {
  const stop = options.stopSequences;
  const params: RequestParams = {
    temperature: toNumber(options.temperature),
    topP: toNumber(options.topP),
    topK: toNumber(options.topK),
    maxTokens: toCount(options.maxOutputTokens) ?? toCount(options.maxTokens),
    seed: toNumber(options.seed),
    stopSequences: Array.isArray(stop)
      ? stop.filter((item): item is string => typeof item === "string")
      : undefined,
    frequencyPenalty: toNumber(options.frequencyPenalty),
    presencePenalty: toNumber(options.presencePenalty),
  };
  const entries = Object.entries(params).filter(([, value]) => value !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as RequestParams);
}

/**
 * Tool names, never schemas: the keys of a `tools` record (`generateText`), or the `name` of each
 * entry of a tools array (language model call options v2+; v1 keeps them in `mode.tools`).
 */
export function toToolNames(tools: unknown): string[] | undefined {
  if (Array.isArray(tools)) {
    const names = tools
      .map((tool) => asRecord(tool).name)
      .filter((name): name is string => typeof name === "string");
    return names.length > 0 ? names : undefined;
  }
  if (isRecord(tools)) {
    const names = Object.keys(tools);
    return names.length > 0 ? names : undefined;
  }
  return undefined;
}

/**
 * The `fallom.raw.request` payload of a `generateText`-style call (SPEC §5.3 Vercel shape):
 * `{prompt, messages, system, model, tools: [names], maxSteps, schema?: "provided"}`.
 */
export function toAiSdkRawRequest(options: AnyRecord, modelId: string | undefined): unknown {
  const request: AnyRecord = {
    prompt: toJsonSafe(options.prompt),
    messages: toJsonSafe(options.messages),
    system: toJsonSafe(options.system ?? options.instructions),
    model: modelId,
    tools: toToolNames(options.tools),
    maxSteps: toCount(options.maxSteps),
  };
  if (options.schema !== undefined) request.schema = "provided";
  return Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined));
}
