/**
 * The names under which a call's model is looked up in `@pydantic/genai-prices` (SPEC §4.3 step 2):
 * with the provider → without a provider prefix → without a date/version suffix.
 */
import { canonicalProvider, stripModelsPrefix } from "./map-provider.js";

/** One lookup: a genai-prices provider id (undefined = let the package infer it) and a model name. */
export interface PriceCandidate {
  providerId: string | undefined;
  model: string;
}

// Canonical provider (SPEC §4.1) → genai-prices provider id, where they differ. null = the package
// has no such provider (meta's models are sold by hosts), so only the model name can find a price.
// Names not listed are passed through: the package also matches ids against each provider's
// `provider_match` (e.g. OpenRouter's upstream "Google AI Studio" finds `google`).
const GENAI_PROVIDER_IDS: Record<string, string | null> = {
  bedrock: "aws",
  vertex: "google",
  xai: "x-ai",
  moonshot: "moonshotai",
  meta: null,
  local: null,
};

/**
 * genai-prices provider id for a provider name in any spelling, or undefined when it has none.
 *
 * @example toGenaiProviderId("aws.bedrock") // "aws"
 */
export function toGenaiProviderId(provider: string | null | undefined): string | undefined {
  const canonical = canonicalProvider(provider);
  if (canonical === null) return undefined;
  const mapped = GENAI_PROVIDER_IDS[canonical];
  return mapped === null ? undefined : (mapped ?? canonical);
}

// OpenRouter's `:free` variants cost nothing; dropping the suffix would bill them at the paid
// price, so a free variant the data lacks stays unpriced instead.
const FREE_VARIANT = /:free$/i;
const VERSION_SUFFIXES = [
  /-v\d+:\d+$/, // Bedrock `anthropic.claude-3-7-sonnet-20250219-v1:0`
  /@.*$/, // Vertex `claude-sonnet-4-5@20250929`
  /:.*$/, // OpenRouter `:thinking`, fine-tune and tag suffixes
  /-\d{4}-\d{2}-\d{2}$/, // `gpt-5-mini-2025-08-07`
  /-\d{8}$/, // `claude-sonnet-4-5-20250929`
];

/**
 * The model name without its date/version suffixes, or the name itself when it has none.
 *
 * @example withoutVersionSuffix("claude-3-7-sonnet-20250219") // "claude-3-7-sonnet"
 */
export function withoutVersionSuffix(model: string): string {
  if (FREE_VARIANT.test(model)) return model;
  let name = model;
  for (const suffix of VERSION_SUFFIXES) {
    const shorter = name.replace(suffix, "");
    if (shorter !== "") name = shorter;
  }
  return name;
}

/**
 * Lookups to try in order; the first the package prices wins. Google's `models/` prefix is
 * dropped first. For an `author/slug` name (OpenRouter), the slug is tried with the call's
 * provider, with the author as provider, with the upstream provider, then with none.
 *
 * @example
 * priceModelCandidates("openai", "openai/gpt-4o", null)
 * // [{providerId:"openai", model:"openai/gpt-4o"}, {providerId:"openai", model:"gpt-4o"},
 * //  {providerId:undefined, model:"gpt-4o"}, {providerId:undefined, model:"openai/gpt-4o"}]
 */
export function priceModelCandidates(
  provider: string | null,
  model: string,
  upstreamProvider: string | null,
): PriceCandidate[] {
  const providerId = toGenaiProviderId(provider);
  const upstreamId = toGenaiProviderId(upstreamProvider);
  const full = stripModelsPrefix(model.trim());
  const names = [full];
  const versionless = withoutVersionSuffix(full);
  if (versionless !== full) names.push(versionless);

  const candidates: PriceCandidate[] = [];
  const seen = new Set<string>();
  const add = (id: string | undefined, name: string): void => {
    const key = `${id ?? ""}\u0000${name.toLowerCase()}`;
    if (name === "" || seen.has(key)) return;
    seen.add(key);
    candidates.push({ providerId: id, model: name });
  };
  for (const name of names) {
    if (providerId) add(providerId, name);
    const slash = name.indexOf("/");
    if (slash > 0) {
      const slug = name.slice(slash + 1);
      const authorId = toGenaiProviderId(name.slice(0, slash));
      if (providerId) add(providerId, slug);
      if (authorId) add(authorId, slug);
      if (upstreamId) add(upstreamId, slug);
      add(undefined, slug);
    }
    add(undefined, name);
  }
  return candidates;
}
