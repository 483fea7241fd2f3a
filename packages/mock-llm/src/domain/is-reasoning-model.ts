/**
 * Whether an OpenAI model reports reasoning tokens: the o-series (`o1`, `o3-mini`, `o4-mini`…) and
 * the gpt-5 family, also behind a router prefix (`openai/o3-mini`).
 *
 * @example
 * ```ts
 * isOpenAIReasoningModel("o3-mini"); // true
 * isOpenAIReasoningModel("gpt-4o"); // false
 * ```
 */
export function isOpenAIReasoningModel(model: string): boolean {
  const name = model.slice(model.lastIndexOf("/") + 1).toLowerCase();
  return /^(o\d|gpt-5)/.test(name);
}
