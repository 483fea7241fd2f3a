/**
 * Counting helpers shared by the SPEC §4.2 usage mappers, and the one constructor of a
 * {@link TokenUsage} from the five counts.
 */
import type { TokenUsage } from "./span-record.js";

/**
 * A token count or null. null, NaN and non-numbers count as absent: some Vercel providers report
 * `NaN`, which JSON serialises as `null`. Numeric strings are accepted because OTLP int64 values can
 * arrive as decimal strings.
 *
 * @example toCount("42") // 42
 */
export function toCount(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

/**
 * Sum of the present values; null only when none is present (so 0 + absent stays 0).
 *
 * @example sumPresent(3, null, 0) // 3
 */
export function sumPresent(...values: Array<number | null>): number | null {
  let total: number | null = null;
  for (const value of values) if (value !== null) total = (total ?? 0) + value;
  return total;
}

/** The first key of `record` that holds a count. */
export function firstCount(record: Record<string, unknown>, ...keys: string[]): number | null {
  for (const key of keys) {
    const count = toCount(record[key]);
    if (count !== null) return count;
  }
  return null;
}

/**
 * Normalised usage from already-normalised counts: total is the provider's total when it sent
 * one, else input + output. null when there is no count at all.
 *
 * @example toTokenUsage(10, 2, null, null, null, null)?.total_tokens // 12
 */
export function toTokenUsage(
  input: number | null,
  output: number | null,
  cacheRead: number | null,
  cacheWrite: number | null,
  reasoning: number | null,
  providerTotal: number | null,
): TokenUsage | null {
  const total = providerTotal ?? sumPresent(input, output);
  if (input === null && output === null && total === null) return null;
  return {
    input_tokens: input,
    output_tokens: output,
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    reasoning_tokens: reasoning,
    total_tokens: total,
  };
}
