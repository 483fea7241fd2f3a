/**
 * SPEC §6.1 attributes built from the contract types. Pure functions; the recorder sets them.
 */
import type { Attributes, AttributeValue } from "@opentelemetry/api";
import { FALLOM, GEN_AI, OTEL } from "../attributes.js";
import type { CallScope, LlmCallStart, NormalisedUsage, RequestParams, SessionContext } from "./types.js";

const sessionCache = new WeakMap<SessionContext, Attributes>();

/**
 * Session context on every span: config key, session id, customer id, tags and one
 * `fallom.metadata.<key>` per metadata entry. Cached per context object (sessions keep theirs
 * immutable), so the call path does not rebuild it.
 *
 * @example sessionAttributes({ configKey: "chat", sessionId: "s1" })["fallom.session_id"] // "s1"
 */
export function sessionAttributes(context: SessionContext): Attributes {
  const cached = sessionCache.get(context);
  if (cached) return cached;
  const attributes: Attributes = {
    [FALLOM.configKey]: context.configKey,
    [FALLOM.sessionId]: context.sessionId,
  };
  if (context.customerId !== undefined) attributes[FALLOM.customerId] = context.customerId;
  if (context.tags && context.tags.length > 0) attributes[FALLOM.tags] = [...context.tags];
  for (const [key, value] of Object.entries(context.metadata ?? {})) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      attributes[FALLOM.metadataPrefix + key] = value;
    }
  }
  sessionCache.set(context, attributes);
  return attributes;
}

/**
 * Prompt linkage (SPEC §8.4) and model assignment (SPEC §7.5): LLM spans only.
 *
 * @example linkageAttributes({ context, prompt: { promptKey: "p", promptVersion: 2 } })
 */
export function linkageAttributes(scope: CallScope): Attributes | undefined {
  const { prompt, modelAssignment } = scope;
  if (!prompt && !modelAssignment) return undefined;
  const attributes: Attributes = {};
  if (prompt) {
    attributes[FALLOM.promptKey] = prompt.promptKey;
    attributes[FALLOM.promptVersion] = prompt.promptVersion;
    if (prompt.abTestKey !== undefined) attributes[FALLOM.promptAbTestKey] = prompt.abTestKey;
    if (prompt.variantIndex !== undefined) attributes[FALLOM.promptVariantIndex] = prompt.variantIndex;
  }
  if (modelAssignment) {
    attributes[FALLOM.modelConfigVersion] = modelAssignment.configVersion;
    if (modelAssignment.variantIndex !== undefined) {
      attributes[FALLOM.modelVariantIndex] = modelAssignment.variantIndex;
    }
  }
  return attributes;
}

/** OTel well-known `gen_ai.provider.name` values where they differ from our canonical names. */
const OTEL_PROVIDER_NAMES: Readonly<Record<string, string>> = {
  azure: "azure.ai.openai",
  google: "gcp.gemini",
  vertex: "gcp.vertex_ai",
  bedrock: "aws.bedrock",
  mistral: "mistral_ai",
  xai: "x_ai",
};

/** @example otelProviderName("google") // "gcp.gemini" */
export function otelProviderName(provider: string): string {
  return OTEL_PROVIDER_NAMES[provider] ?? provider;
}

/**
 * The request side of an LLM span (no content).
 *
 * @example requestAttributes({ name: "chat.completions.create", method: "…", operation: "chat", … })
 */
export function requestAttributes(start: LlmCallStart): Attributes {
  const attributes: Attributes = {
    [FALLOM.method]: start.method,
    [FALLOM.kind]: start.operation === "embeddings" ? "embedding" : "llm",
    [GEN_AI.operationName]: start.operation,
    [GEN_AI.providerName]: otelProviderName(start.provider),
    [GEN_AI.requestStream]: start.stream,
  };
  if (start.requestModel !== undefined) attributes[GEN_AI.requestModel] = start.requestModel;
  if (start.providerRaw !== undefined) attributes[FALLOM.providerRaw] = start.providerRaw;
  if (start.serverAddress !== undefined) attributes[OTEL.serverAddress] = start.serverAddress;
  if (start.toolNames && start.toolNames.length > 0) attributes[FALLOM.toolNames] = [...start.toolNames];
  if (start.requestParams) addRequestParams(attributes, start.requestParams);
  return attributes;
}

function addRequestParams(attributes: Attributes, params: RequestParams): void {
  setIfDefined(attributes, GEN_AI.requestTemperature, params.temperature);
  setIfDefined(attributes, GEN_AI.requestTopP, params.topP);
  setIfDefined(attributes, GEN_AI.requestTopK, params.topK);
  setIfDefined(attributes, GEN_AI.requestMaxTokens, params.maxTokens);
  setIfDefined(attributes, GEN_AI.requestSeed, params.seed);
  if (params.stopSequences) attributes[GEN_AI.requestStopSequences] = [...params.stopSequences];
  setIfDefined(attributes, GEN_AI.requestFrequencyPenalty, params.frequencyPenalty);
  setIfDefined(attributes, GEN_AI.requestPresencePenalty, params.presencePenalty);
}

/**
 * SPEC §4.2 normalised usage → `gen_ai.usage.*`.
 *
 * @example usageAttributes({ inputTokens: 10, outputTokens: 2 })["gen_ai.usage.input_tokens"] // 10
 */
export function usageAttributes(usage: NormalisedUsage): Attributes {
  const attributes: Attributes = {};
  setIfDefined(attributes, GEN_AI.usageInputTokens, usage.inputTokens);
  setIfDefined(attributes, GEN_AI.usageOutputTokens, usage.outputTokens);
  setIfDefined(attributes, GEN_AI.usageCacheReadInputTokens, usage.cacheReadTokens);
  setIfDefined(attributes, GEN_AI.usageCacheCreationInputTokens, usage.cacheWriteTokens);
  setIfDefined(attributes, GEN_AI.usageReasoningOutputTokens, usage.reasoningTokens);
  setIfDefined(attributes, GEN_AI.usageTotalTokens, usage.totalTokens);
  return attributes;
}

function setIfDefined(attributes: Attributes, key: string, value: AttributeValue | undefined): void {
  if (value === undefined || value === null) return;
  if (typeof value === "number" && !Number.isFinite(value)) return;
  attributes[key] = value;
}
