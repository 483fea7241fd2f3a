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
  const sources = [body];
  if (isRecord(body.generationConfig)) sources.push(body.generationConfig);
  if (isRecord(body.config)) sources.push(body.config);
  const params: Record<string, unknown> = {};
  // Plain loops: this runs for every span with a raw request, and the array-method version
  // allocated a list per parameter (about 5 µs a span on the ingest benchmark).
  for (const [name, keys] of REQUEST_PARAMS) {
    const value = firstPresent(sources, keys);
    if (value !== undefined) params[name] = value;
  }
  return params;
}

/** The first non-null value of `keys`, source by source, key by key. */
function firstPresent(sources: ReadonlyArray<Record<string, unknown>>, keys: readonly string[]): unknown {
  for (const source of sources) {
    for (const key of keys) {
      const value = source[key];
      if (value != null) return value;
    }
  }
  return undefined;
}
