/**
 * Project price overrides (SPEC §4.3 step 2, first lookup): rows a project saves in
 * `/settings/prices`, in USD per 1M tokens. They win over the bundled price data.
 */
import { canonicalProvider, stripModelsPrefix } from "./map-provider.js";

/** A price tier: applies to the whole call once its input tokens exceed `above_input_tokens`. */
export interface PriceOverrideTier {
  above_input_tokens: number;
  input_mtok: number;
  output_mtok: number;
  cache_read_mtok?: number | null;
  cache_write_mtok?: number | null;
}

/** One saved price row. Prices are USD per 1M tokens; null cache prices mean "the input price". */
export interface PriceOverride {
  id: string | number;
  /** An exact model name, or a case-insensitive regular expression when `is_regex`. */
  model_pattern: string;
  is_regex: boolean;
  /** Restricts the row to one provider (any alias, e.g. `gemini` = `google`); null = any provider. */
  provider: string | null;
  input_mtok: number;
  output_mtok: number;
  cache_read_mtok: number | null;
  cache_write_mtok: number | null;
  tiers: PriceOverrideTier[] | null;
}

// Overrides arrive with every span, so compiled patterns are kept; invalid ones are remembered as null.
const compiledPatterns = new Map<string, RegExp | null>();
const MAX_COMPILED_PATTERNS = 1_000;

function compilePattern(pattern: string): RegExp | null {
  let compiled = compiledPatterns.get(pattern);
  if (compiled !== undefined) return compiled;
  try {
    compiled = new RegExp(pattern, "i");
  } catch {
    compiled = null;
  }
  if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
  compiledPatterns.set(pattern, compiled);
  return compiled;
}

function matchesModel(override: PriceOverride, names: string[]): boolean {
  if (!override.is_regex) return names.includes(override.model_pattern);
  const pattern = compilePattern(override.model_pattern);
  return pattern !== null && names.some((name) => pattern.test(name));
}

/**
 * The override row that prices `model` from `provider`, or null.
 *
 * Precedence, so that a broad regex cannot shadow a row written for one model: exact name with
 * provider, exact name, regex with provider, regex; ties go to the earlier row. A row with a
 * provider never matches a call whose provider is unknown. Google's `models/` prefix is ignored.
 *
 * @example
 * findPriceOverride(rows, "openai", "gpt-4o")?.id // "7"
 */
export function findPriceOverride(
  overrides: readonly PriceOverride[],
  provider: string | null,
  model: string,
): PriceOverride | null {
  if (overrides.length === 0) return null;
  const stripped = stripModelsPrefix(model);
  const names = stripped === model ? [model] : [model, stripped];
  const callProvider = canonicalProvider(provider);
  let best: PriceOverride | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const override of overrides) {
    const hasProvider = override.provider != null && override.provider.trim() !== "";
    if (hasProvider && canonicalProvider(override.provider) !== callProvider) continue;
    const rank = (override.is_regex ? 2 : 0) + (hasProvider ? 0 : 1);
    if (rank >= bestRank || !matchesModel(override, names)) continue;
    best = override;
    bestRank = rank;
    if (rank === 0) break;
  }
  return best;
}
