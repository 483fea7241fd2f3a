/**
 * Every span attribute key the SDK emits (SPEC §6.1). The one place attribute names live; the
 * table in `docs/protocol.md` documents them and a test keeps the two in step.
 */

/** Session, prompt linkage and bookkeeping attributes, on every span. */
export const FALLOM = {
  configKey: "fallom.config_key",
  sessionId: "fallom.session_id",
  customerId: "fallom.customer_id",
  tags: "fallom.tags",
  /** One attribute per metadata key: `fallom.metadata.<key>`. */
  metadataPrefix: "fallom.metadata.",
  promptKey: "fallom.prompt_key",
  promptVersion: "fallom.prompt_version",
  promptAbTestKey: "fallom.prompt_ab_test_key",
  promptVariantIndex: "fallom.prompt_variant_index",
  /** Model A/B assignment of the session (config key, version, variant index). */
  modelConfigVersion: "fallom.model_config_version",
  modelVariantIndex: "fallom.model_variant_index",
  sdkVersion: "fallom.sdk_version",
  method: "fallom.method",
  kind: "fallom.kind",
  providerRaw: "fallom.provider_raw",
  /** Tool names offered to the model (string[]); names only, never schemas. */
  toolNames: "fallom.tool_names",
  aiSdkVersion: "fallom.ai_sdk_version",
  costReportedUsd: "fallom.cost.reported_usd",
  rawUsage: "fallom.raw.usage",
  rawRequest: "fallom.raw.request",
  rawResponse: "fallom.raw.response",
  rawProviderMetadata: "fallom.raw.providerMetadata",
  rawMetadata: "fallom.raw.metadata",
  streamCancelled: "fallom.stream.cancelled",
  streamIncomplete: "fallom.stream.incomplete",
  streamUsage: "fallom.stream_usage",
  spanType: "fallom.span_type",
  input: "fallom.input",
  output: "fallom.output",
} as const;

/** The value of `fallom.sdk_version` our SDKs send (SPEC §6.1). */
export const FALLOM_SDK_PROTOCOL_VERSION = "3";

/** OpenTelemetry GenAI semantic-convention attributes (current names). */
export const GEN_AI = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  responseModel: "gen_ai.response.model",
  responseId: "gen_ai.response.id",
  responseFinishReasons: "gen_ai.response.finish_reasons",
  requestStream: "gen_ai.request.stream",
  requestTemperature: "gen_ai.request.temperature",
  requestTopP: "gen_ai.request.top_p",
  requestTopK: "gen_ai.request.top_k",
  requestMaxTokens: "gen_ai.request.max_tokens",
  requestSeed: "gen_ai.request.seed",
  requestStopSequences: "gen_ai.request.stop_sequences",
  requestFrequencyPenalty: "gen_ai.request.frequency_penalty",
  requestPresencePenalty: "gen_ai.request.presence_penalty",
  usageInputTokens: "gen_ai.usage.input_tokens",
  usageOutputTokens: "gen_ai.usage.output_tokens",
  usageCacheReadInputTokens: "gen_ai.usage.cache_read.input_tokens",
  usageCacheCreationInputTokens: "gen_ai.usage.cache_creation.input_tokens",
  usageReasoningOutputTokens: "gen_ai.usage.reasoning.output_tokens",
  /** The provider's own total, when it reports one. */
  usageTotalTokens: "gen_ai.usage.total_tokens",
  /** Seconds (SPEC §4.4). */
  responseTimeToFirstChunk: "gen_ai.response.time_to_first_chunk",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolCallArguments: "gen_ai.tool.call.arguments",
  toolCallResult: "gen_ai.tool.call.result",
  /** Embeddings: vector count and dimension, never the vectors. */
  embeddingsDimensionCount: "gen_ai.embeddings.dimension.count",
} as const;

/** General OpenTelemetry attributes. */
export const OTEL = {
  serverAddress: "server.address",
  errorType: "error.type",
} as const;

/** Resource attributes (SPEC §5.4). */
export const RESOURCE = {
  serviceName: "service.name",
  telemetrySdkName: "telemetry.sdk.name",
  telemetrySdkLanguage: "telemetry.sdk.language",
  telemetrySdkVersion: "telemetry.sdk.version",
} as const;

/** `telemetry.sdk.name` of this SDK; the server derives `source = "sdk-ts"` from it. */
export const SDK_NAME = "@fallom/trace";

/** OpenAI response details (OTel GenAI OpenAI conventions); not content, always sent (SPEC §2.5.1). */
export const OPENAI = {
  responseSystemFingerprint: "openai.response.system_fingerprint",
  responseServiceTier: "openai.response.service_tier",
} as const;

/** Embedding calls: how many vectors came back (the dimension is `GEN_AI.embeddingsDimensionCount`). */
export const EMBEDDINGS = {
  vectorCount: "fallom.embeddings.vector_count",
} as const;
