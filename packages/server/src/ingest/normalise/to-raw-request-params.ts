/**
 * Request parameters inside a raw request body, under the `gen_ai.request.*` names the OTLP side
 * stores them by (SPEC §6.2 "request params").
 */
import { isRecord } from "./coerce-attribute-value.js";

/** Our name → the names producers use in their request bodies, first match wins. */
const REQUEST_PARAMS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["temperature", ["temperature"]],
  [
    "max_tokens",
    ["max_tokens", "max_completion_tokens", "max_output_tokens", "maxOutputTokens", "maxTokens"],
  ],
  ["top_p", ["top_p", "topP"]],
  ["top_k", ["top_k", "topK"]],
  ["seed", ["seed"]],
  ["stop_sequences", ["stop_sequences", "stopSequences", "stop"]],
  ["frequency_penalty", ["frequency_penalty", "frequencyPenalty"]],
  ["presence_penalty", ["presence_penalty", "presencePenalty"]],
  ["stream", ["stream"]],
];

/** The parameter names, in output order (the suffixes of `gen_ai.request.*`). */
export const REQUEST_PARAM_NAMES: readonly string[] = REQUEST_PARAMS.map(([name]) => name);

/**
 * The parameters found in the body; Google nests them in `generationConfig` / `config`.
 *
 * @example toRawRequestParams({ messages: [], temperature: 0.2, max_completion_tokens: 50 })
 * // { temperature: 0.2, max_tokens: 50 }
 */
export function toRawRequestParams(rawRequest: unknown): Record<string, unknown> {
  const body = isRecord(rawRequest) ? rawRequest : {};
  const sources = [body, body.generationConfig, body.config].filter(isRecord);
  const params: Record<string, unknown> = {};
  for (const [name, keys] of REQUEST_PARAMS) {
    const value = sources.flatMap((source) => keys.map((key) => source[key])).find((v) => v != null);
    if (value !== undefined && value !== null) params[name] = value;
  }
  return params;
}
