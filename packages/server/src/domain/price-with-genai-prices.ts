/**
 * Prices a call with the maintained `@pydantic/genai-prices` data (SPEC §4.3 step 2; never a
 * hand-kept table). Tiers, cache-read/-write prices and dated price changes are the package's.
 */

import type { ModelInfo, Provider, Usage } from "@pydantic/genai-prices";
import { calcPrice, findProvider } from "@pydantic/genai-prices";
import { deriveLinearPrice, evaluateLinearPrice, type LinearPrice } from "./linear-price.js";
import { priceModelCandidates } from "./price-model-candidates.js";
import type { PricedTokens } from "./price-tokens.js";
import type { PriceBreakdown } from "./price-with-override.js";

/** A package price: the breakdown plus the matched `<provider id>/<model id>`. */
export interface GenaiPrice extends PriceBreakdown {
  match: string;
}

interface Resolution {
  /** The matched provider holding only the matched model, so pricing skips the model search. */
  provider: Provider;
  /** The name that matched; the package is called with it again. */
  model: string;
  match: string;
  /** Results by token counts; null when prices have start-date or time-of-day constraints. */
  results: Map<string, PriceBreakdown> | null;
  /**
   * The price as rates per token, for flat-rate models (no tiers, no constraints); null when the
   * model is not flat-rate, undefined until first priced.
   */
  linear: LinearPrice | null | undefined;
}

// Ingest prices every span, and finding a model scans up to 700 match rules per candidate name,
// so each (provider, upstream, model) is resolved once. The package's unit arithmetic costs ~10 µs
// a call: flat-rate models are priced from rates derived once (linear-price.ts); for the others a
// result is memoised per token counts, since replayed or batch traffic repeats counts.
// Both are bounded because model names and counts come from clients.
const MAX_RESOLUTIONS = 10_000;
const MAX_RESULTS_PER_MODEL = 1_000;
const resolutions = new Map<string, Resolution | null>();
// The package swaps its whole provider list when `updatePrices` loads new data; a changed
// provider object means every cached resolution may be stale.
let dataMarker: Provider | undefined;

function dropStaleCaches(): void {
  const marker = findProvider({ providerId: "openai" });
  if (marker === dataMarker) return;
  dataMarker = marker;
  resolutions.clear();
}

/**
 * Forgets every cached match and result, so the next price reads the package's current data.
 * Called after new data is loaded; the provider-identity check above would miss a data set
 * without an `openai` provider.
 *
 * @example forgetGenaiPriceMatches()
 */
export function forgetGenaiPriceMatches(): void {
  resolutions.clear();
  dataMarker = undefined;
}

function remember<T>(map: Map<string, T>, key: string, value: T, limit: number): void {
  if (map.size >= limit) map.clear();
  map.set(key, value);
}

const NO_USAGE: Usage = { input_tokens: 0, output_tokens: 0 };

function toResolution(candidateModel: string, provider: Provider, model: ModelInfo): Resolution {
  return {
    // fallback_model_providers dropped: the model is already found (e.g. azure → openai's gpt-4o).
    provider: { ...provider, models: [model], fallback_model_providers: undefined },
    model: candidateModel,
    match: `${provider.id}/${model.id}`,
    results: Array.isArray(model.prices) ? null : new Map(),
    linear: isFlatRate(model) ? undefined : null,
  };
}

/** Every price a plain number: no tiers (objects) and no dated or time-of-day variants (array). */
function isFlatRate(model: ModelInfo): boolean {
  if (Array.isArray(model.prices)) return false;
  return Object.values(model.prices).every((price) => price === undefined || typeof price === "number");
}

function packagePrice(resolution: Resolution, tokens: PricedTokens, at?: Date): PriceBreakdown | null {
  let result: ReturnType<typeof calcPrice>;
  try {
    result = calcPrice(toUsage(tokens), resolution.model, { provider: resolution.provider, timestamp: at });
  } catch {
    // The package rejects inconsistent usage; an unknown cost is reported as unpriced, never as 0.
    return null;
  }
  if (!result) return null;
  return { input: result.input_price, output: result.output_price, total: result.total_price };
}

function resolve(provider: string | null, model: string, upstream: string | null): Resolution | null {
  for (const candidate of priceModelCandidates(provider, model, upstream)) {
    const options = candidate.providerId ? { providerId: candidate.providerId } : undefined;
    try {
      const found = calcPrice(NO_USAGE, candidate.model, options);
      if (found) return toResolution(candidate.model, found.provider, found.model);
    } catch {
      // Malformed data for one candidate must not stop the others from being tried.
    }
  }
  return null;
}

function toUsage(tokens: PricedTokens): Usage {
  // The package splits input into the partitions the model has prices for and bills the rest at the
  // input price, so cache counts are passed even for a model without cache prices.
  return {
    input_tokens: tokens.input,
    cache_read_tokens: tokens.cacheRead,
    cache_write_tokens: tokens.cacheWrite,
    output_tokens: tokens.output,
  };
}

/**
 * The package's price for the call, or null when no candidate name is priced (SPEC: unpriced,
 * never 0). `at` selects dated and time-of-day prices (default: now).
 *
 * @example
 * priceWithGenaiPrices("openai", "gpt-4o", null, { input: 1200, cacheRead: 1000, cacheWrite: 0, output: 50 })
 * // { input: 0.00175, output: 0.0005, total: 0.00225, match: "openai/gpt-4o" } (up to float rounding)
 */
export function priceWithGenaiPrices(
  provider: string | null,
  model: string,
  upstreamProvider: string | null,
  tokens: PricedTokens,
  at?: Date,
): GenaiPrice | null {
  dropStaleCaches();
  const key = `${provider ?? ""}\u0001${upstreamProvider ?? ""}\u0001${model}`;
  let resolution = resolutions.get(key);
  if (resolution === undefined) {
    resolution = resolve(provider, model, upstreamProvider);
    remember(resolutions, key, resolution, MAX_RESOLUTIONS);
  }
  if (resolution === null) return null;

  if (resolution.linear === undefined) {
    const flat = resolution;
    flat.linear = deriveLinearPrice((probe) => packagePrice(flat, probe));
  }
  if (resolution.linear) {
    const { input, output, total } = evaluateLinearPrice(resolution.linear, tokens);
    return { input, output, total, match: resolution.match };
  }

  const { results } = resolution;
  const countsKey = `${tokens.input},${tokens.cacheRead},${tokens.cacheWrite},${tokens.output}`;
  const memoised = results?.get(countsKey);
  if (memoised) return { ...memoised, match: resolution.match };

  const breakdown = packagePrice(resolution, tokens, at);
  if (!breakdown) return null;
  if (results) remember(results, countsKey, breakdown, MAX_RESULTS_PER_MODEL);
  return { ...breakdown, match: resolution.match };
}
