import { computeOpenRouterCost } from "../../domain/compute-openrouter-cost.js";
import type { MockBehaviour } from "../../http/mock-behaviour.js";
import { isJsonObject, type JsonObject } from "../json-fields.js";

/** `standard` / `byok` when the request asked for OpenRouter's conventions, else `undefined`. */
export type OpenRouterMode = "standard" | "byok" | undefined;

/**
 * OpenRouter flavour: the body says `usage: {include: true}` or the header `x-mock-openrouter` is
 * `1` / `byok`.
 */
export function openRouterModeOf(body: JsonObject, behaviour: MockBehaviour): OpenRouterMode {
  if (behaviour.openRouterHeader) return behaviour.openRouterHeader;
  return isJsonObject(body.usage) && body.usage.include === true ? "standard" : undefined;
}

/** OpenRouter's `provider` field: the upstream named by the model's prefix (`anthropic/…`). */
export function openRouterProviderOf(model: string): string {
  const prefix = model.includes("/") ? model.slice(0, model.indexOf("/")).toLowerCase() : "";
  const known: Record<string, string> = {
    openai: "OpenAI",
    anthropic: "Anthropic",
    google: "Google",
    "meta-llama": "Together",
    mistralai: "Mistral",
    deepseek: "DeepSeek",
    "x-ai": "xAI",
  };
  return known[prefix] ?? "MockProvider";
}

/**
 * Adds OpenRouter's accounting to an OpenAI usage object: `cost`, `is_byok`, `cost_details`, and
 * `cache_write_tokens`. With BYOK the provider cost is `cost_details.upstream_inference_cost` and
 * `cost` is OpenRouter's 5 % fee.
 */
export function withOpenRouterAccounting(usage: JsonObject, mode: "standard" | "byok"): JsonObject {
  const promptTokens = Number(usage.prompt_tokens);
  const completionTokens = Number(usage.completion_tokens);
  const upstream = computeOpenRouterCost(promptTokens, completionTokens);
  const promptDetails = isJsonObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  return {
    ...usage,
    prompt_tokens_details: { ...promptDetails, cache_write_tokens: 0 },
    cost: mode === "byok" ? Number((upstream * 0.05).toFixed(12)) : upstream,
    is_byok: mode === "byok",
    cost_details: {
      upstream_inference_cost: mode === "byok" ? upstream : null,
      upstream_inference_prompt_cost: computeOpenRouterCost(promptTokens, 0),
      upstream_inference_completions_cost: computeOpenRouterCost(0, completionTokens),
    },
  };
}
