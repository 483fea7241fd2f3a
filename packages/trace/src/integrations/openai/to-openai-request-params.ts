/** SPEC §6.1 request parameters of OpenAI chat and Responses requests. */
import type { RequestParams } from "../../record/types.js";
import { asNumber, type Json } from "./openai-shapes.js";

/**
 * `temperature`, `top_p`, the token limit (`max_completion_tokens`, `max_tokens` or
 * `max_output_tokens`), `seed`, `stop`, and the penalties; absent values stay absent.
 *
 * @example toOpenAIRequestParams({ temperature: 0.2, max_tokens: 100, stop: "END" })
 * // { temperature: 0.2, maxTokens: 100, stopSequences: ["END"] }
 */
export function toOpenAIRequestParams(params: Json): RequestParams {
  // Plain property writes rather than a keyed setter: this runs on every call.
  const result: RequestParams = {};
  const temperature = asNumber(params.temperature);
  if (temperature !== undefined) result.temperature = temperature;
  const topP = asNumber(params.top_p);
  if (topP !== undefined) result.topP = topP;
  const maxTokens =
    asNumber(params.max_completion_tokens) ??
    asNumber(params.max_tokens) ??
    asNumber(params.max_output_tokens);
  if (maxTokens !== undefined) result.maxTokens = maxTokens;
  const seed = asNumber(params.seed);
  if (seed !== undefined) result.seed = seed;
  const frequencyPenalty = asNumber(params.frequency_penalty);
  if (frequencyPenalty !== undefined) result.frequencyPenalty = frequencyPenalty;
  const presencePenalty = asNumber(params.presence_penalty);
  if (presencePenalty !== undefined) result.presencePenalty = presencePenalty;
  const stop = params.stop;
  if (typeof stop === "string") result.stopSequences = [stop];
  else if (Array.isArray(stop)) result.stopSequences = stop.filter((item) => typeof item === "string");
  return result;
}

/**
 * Tool names only (never schemas): chat `tools[].function.name`, legacy `functions[].name`,
 * Responses `tools[].name`, and the `type` of built-in tools (`web_search`, …).
 *
 * @example toOpenAIToolNames({ tools: [{ type: "function", function: { name: "get_weather" } }] }) // ["get_weather"]
 */
export function toOpenAIToolNames(params: Json): string[] | undefined {
  const names: string[] = [];
  const tools = Array.isArray(params.tools) ? params.tools : [];
  for (const tool of tools) {
    if (typeof tool !== "object" || tool === null) continue;
    const record = tool as Json;
    const fn =
      typeof record.function === "object" && record.function !== null ? (record.function as Json) : record;
    const name =
      typeof fn.name === "string" ? fn.name : typeof record.type === "string" ? record.type : undefined;
    if (name) names.push(name);
  }
  const functions = Array.isArray(params.functions) ? params.functions : [];
  for (const fn of functions) {
    if (typeof fn === "object" && fn !== null && typeof (fn as Json).name === "string")
      names.push((fn as Json).name as string);
  }
  return names.length > 0 ? names : undefined;
}
