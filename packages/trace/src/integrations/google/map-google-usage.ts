import type { NormalisedUsage } from "../../record/types.js";

/** A finite, non-negative token count, or undefined (null, NaN and strings are not counts). */
function toCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function sum(...values: Array<number | undefined>): number | undefined {
  const present = values.filter((value): value is number => value !== undefined);
  return present.length === 0 ? undefined : present.reduce((total, value) => total + value, 0);
}

/**
 * Google `usageMetadata` (both SDK generations, and the AI SDK's `providerMetadata.google`)
 * normalised per SPEC §4.2: input = prompt + tool-use prompt tokens, output = candidates + thoughts.
 *
 * @example
 * mapGoogleUsage({ promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 7, totalTokenCount: 22 })
 * // { inputTokens: 10, outputTokens: 12, reasoningTokens: 7, totalTokens: 22 }
 */
export function mapGoogleUsage(usageMetadata: unknown): NormalisedUsage | undefined {
  if (typeof usageMetadata !== "object" || usageMetadata === null) return undefined;
  const usage = usageMetadata as Record<string, unknown>;
  const thoughts = toCount(usage.thoughtsTokenCount);
  const result: NormalisedUsage = {
    inputTokens: sum(toCount(usage.promptTokenCount), toCount(usage.toolUsePromptTokenCount)),
    outputTokens: sum(toCount(usage.candidatesTokenCount), thoughts),
    cacheReadTokens: toCount(usage.cachedContentTokenCount),
    reasoningTokens: thoughts,
    totalTokens: toCount(usage.totalTokenCount),
  };
  return withoutUndefined(result);
}

/** Drops absent counts; undefined when nothing is left. */
export function withoutUndefined(usage: NormalisedUsage): NormalisedUsage | undefined {
  const entries = Object.entries(usage).filter(([, value]) => value !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as NormalisedUsage);
}
