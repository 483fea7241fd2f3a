import { asRecord, toStringValue } from "./values.js";

/** What the span says about where an AI SDK model sends its requests. */
export interface AiSdkModelInfo {
  /** Canonical provider (SPEC §4.1). */
  provider: string;
  /** `model.provider` as the SDK reports it (e.g. `openai.responses`), when it differs. */
  providerRaw?: string;
  modelId?: string;
  /** Host of the provider's base URL, when the model exposes it. */
  serverAddress?: string;
  /** The model's `specificationVersion` (`v1`…`v4`), when it has one. */
  specificationVersion?: string;
}

const PROVIDER_ALIASES: Record<string, string> = {
  "google-vertex": "vertex",
  "vertex-ai": "vertex",
  "amazon-bedrock": "bedrock",
  "azure-openai": "azure",
  "mistral-ai": "mistral",
  "x-ai": "xai",
};

const MODEL_ID_RULES: Array<[RegExp, string]> = [
  [/^(gpt-|o1-|o1$|o3-|o3$|o4-|text-embedding|chatgpt-)/, "openai"],
  [/^claude-/, "anthropic"],
  [/^(models\/)?(gemini-|gemma-|text-embedding-004|embedding-001)/, "google"],
  [/^(mistral-|mixtral-|codestral-|ministral-)/, "mistral"],
  [/^(llama-|meta-llama)/, "meta"],
];

const HOST_RULES: Array<[RegExp, string]> = [
  [/(^|\.)api\.openai\.com$/, "openai"],
  [/\.openai\.azure\.com$/, "azure"],
  [/(^|\.)openrouter\.ai$/, "openrouter"],
  [/(^|\.)anthropic\.com$/, "anthropic"],
  [/(^|\.)generativelanguage\.googleapis\.com$/, "google"],
  [/(^|\.)api\.groq\.com$/, "groq"],
  [/(^|\.)api\.mistral\.ai$/, "mistral"],
  [/^(localhost|127\.0\.0\.1|\[::1\])$/, "local"],
];

/**
 * Provider inference of SPEC §2.5.4: `model.provider` up to its first `.` (`openai.chat` → openai),
 * else the base URL host, else the model id (`gpt-` → openai, `claude-` → anthropic, a `/` →
 * openrouter…). A string model (AI Gateway id) is inferred from the id.
 *
 * @example inferAiSdkProvider({ provider: "openai.responses", modelId: "gpt-4o" })
 * // { provider: "openai", providerRaw: "openai.responses", modelId: "gpt-4o", … }
 */
export function inferAiSdkProvider(model: unknown): AiSdkModelInfo {
  if (typeof model === "string") return { provider: providerFromModelId(model) ?? "unknown", modelId: model };
  const record = asRecord(model);
  const modelId = toStringValue(record.modelId);
  const providerRaw = toStringValue(record.provider);
  const serverAddress = readServerAddress(record, modelId);
  const specificationVersion = toStringValue(record.specificationVersion);
  const fromProvider = providerRaw ? canonicalProvider(providerRaw) : undefined;
  const provider =
    fromProvider ??
    (serverAddress ? providerFromHost(serverAddress) : undefined) ??
    (modelId ? providerFromModelId(modelId) : undefined) ??
    "unknown";
  return {
    provider,
    ...(providerRaw && providerRaw !== provider ? { providerRaw } : {}),
    ...(modelId ? { modelId } : {}),
    ...(serverAddress ? { serverAddress } : {}),
    ...(specificationVersion ? { specificationVersion } : {}),
  };
}

function canonicalProvider(raw: string): string {
  const head = raw.split(".")[0]?.toLowerCase() ?? raw;
  return PROVIDER_ALIASES[head] ?? head;
}

function providerFromHost(host: string): string {
  const bare = host.replace(/:\d+$/, "");
  return HOST_RULES.find(([pattern]) => pattern.test(bare))?.[1] ?? bare;
}

function providerFromModelId(modelId: string): string | undefined {
  const id = modelId.toLowerCase();
  const matched = MODEL_ID_RULES.find(([pattern]) => pattern.test(id))?.[1];
  if (matched) return matched;
  return id.includes("/") ? "openrouter" : undefined;
}

/**
 * The official providers keep their settings in `model.config`: a `baseURL` string (Anthropic,
 * Google) or a `url({path, modelId})` function (OpenAI and compatible). Both are read defensively;
 * a model without them simply has no server address.
 */
function readServerAddress(model: Record<string, unknown>, modelId: string | undefined): string | undefined {
  const config = asRecord(model.config);
  const candidates: unknown[] = [config.baseURL, config.baseUrl];
  if (typeof config.url === "function") {
    try {
      candidates.push((config.url as (options: unknown) => unknown)({ path: "", modelId: modelId ?? "" }));
    } catch {
      // A provider whose url() needs more than this has no address we can read.
    }
  }
  for (const candidate of candidates) {
    if (typeof candidate !== "string") continue;
    try {
      return new URL(candidate).host;
    } catch {
      // Not a URL: try the next source.
    }
  }
  return undefined;
}
