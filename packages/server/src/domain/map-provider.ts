/**
 * Provider names: canonical values and inference (SPEC §4.1 canonical providers, §2.5.1 host table,
 * §2.5.4 model-id prefixes, §6.4 E5).
 */

const ALIASES: Record<string, string> = {
  "azure.ai.openai": "azure",
  "azure.ai.inference": "azure",
  "gcp.gemini": "google",
  "gcp.gen_ai": "google",
  gemini: "google",
  "google.generative-ai": "google",
  "gcp.vertex_ai": "vertex",
  vertex_ai: "vertex",
  "aws.bedrock": "bedrock",
  "amazon-bedrock": "bedrock",
  mistral_ai: "mistral",
  x_ai: "xai",
};

/**
 * Canonical provider for a value from any source (`gen_ai.system`, `ai.model.provider`,
 * `fallom.provider`…). Whole-value aliases are tried first (`azure.ai.openai`), then the value is
 * cut at its first `.` (`openai.responses` → `openai`).
 *
 * @example canonicalProvider("openrouter.chat") // "openrouter"
 */
export function canonicalProvider(value: string | null | undefined): string | null {
  if (value == null) return null;
  const lower = value.trim().toLowerCase();
  if (lower === "") return null;
  const whole = ALIASES[lower];
  if (whole) return whole;
  const head = lower.split(".")[0] ?? lower;
  return ALIASES[head] ?? head;
}

const HOSTS: Array<[RegExp, string]> = [
  [/(^|\.)api\.openai\.com$/, "openai"],
  [/\.openai\.azure\.com$/, "azure"],
  [/(^|\.)openrouter\.ai$/, "openrouter"],
  [/(^|\.)api\.groq\.com$/, "groq"],
  [/(^|\.)api\.together\.xyz$/, "together"],
  [/(^|\.)api\.mistral\.ai$/, "mistral"],
  [/(^|\.)api\.deepseek\.com$/, "deepseek"],
  [/(^|\.)api\.x\.ai$/, "xai"],
  [/(^|\.)api\.anthropic\.com$/, "anthropic"],
  [/(^|\.)generativelanguage\.googleapis\.com$/, "google"],
  [/^(localhost|127\.0\.0\.1|\[::1\]|::1)$/, "local"],
];

/** Provider from a server host name or base URL; unknown hosts are returned as the host name. */
export function providerFromHost(hostOrUrl: string | null | undefined): string | null {
  if (!hostOrUrl) return null;
  let host = hostOrUrl;
  try {
    if (hostOrUrl.includes("://")) host = new URL(hostOrUrl).hostname;
  } catch {
    return null;
  }
  host = host.toLowerCase();
  for (const [pattern, provider] of HOSTS) if (pattern.test(host)) return provider;
  return host;
}

/** Strips Google's `models/` prefix so the id is not mistaken for an OpenRouter `author/slug`. */
export function stripModelsPrefix(model: string): string {
  return model.startsWith("models/") ? model.slice("models/".length) : model;
}

/** Provider inferred from a model id (SPEC §2.5.4 with E5's additions); null when unknown. */
export function providerFromModel(model: string | null | undefined): string | null {
  if (!model) return null;
  const id = stripModelsPrefix(model).toLowerCase();
  if (/^(gpt-|o1|o3|o4-|chatgpt-|text-embedding|davinci|babbage)/.test(id)) return "openai";
  if (id.startsWith("claude-")) return "anthropic";
  if (/^(gemini-|gemma-)/.test(id)) return "google";
  if (/^(mistral-|mixtral-|codestral|ministral)/.test(id)) return "mistral";
  if (/^(llama-|meta-llama)/.test(id)) return "meta";
  if (id.includes("/")) return "openrouter";
  return null;
}
