/** Prices (USD per million tokens) behind the `usage.cost` of the OpenRouter flavour. */
export const OPENROUTER_MOCK_PRICES = { inputPerMillion: 0.5, outputPerMillion: 1.5 } as const;

/**
 * The `usage.cost` (USD) that the OpenRouter flavour reports for a call, rounded to 12 decimals.
 *
 * @example
 * ```ts
 * computeOpenRouterCost(1000, 100); // 0.00065
 * ```
 */
export function computeOpenRouterCost(promptTokens: number, completionTokens: number): number {
  const cost =
    (promptTokens * OPENROUTER_MOCK_PRICES.inputPerMillion +
      completionTokens * OPENROUTER_MOCK_PRICES.outputPerMillion) /
    1_000_000;
  return Number(cost.toFixed(12));
}
