/**
 * Every attribute, event and resource key the normalisers read: the OTLP mappers (SPEC §6.1,
 * §6.2, §9) and the native TraceData normaliser (the `attributes` keys of SPEC §5.3).
 *
 * Kept in one place so a reviewer can compare the names with the spec tables and so no mapper
 * hides a string-literal key. Prefixes end with a `.` and are matched with `startsWith`.
 */

/** Resource attributes that decide the span's `source` and the `config_key` fallback. */
export const RESOURCE_KEYS = {
  serviceName: "service.name",
  telemetrySdkName: "telemetry.sdk.name",
} as const;

/** `telemetry.sdk.name` values of our own SDKs (SPEC §5.4). */
export const FALLOM_SDK_NAMES = { typescript: "@fallom/trace", python: "fallom" } as const;

/** `service.name` of OpenRouter Broadcast (SPEC §9). */
export const OPENROUTER_SERVICE_NAME = "openrouter";

/** Attributes our SDKs emit (SPEC §6.1, §5.3). */
export const FALLOM_KEYS = {
  configKey: "fallom.config_key",
  sessionId: "fallom.session_id",
  customerId: "fallom.customer_id",
  tags: "fallom.tags",
  metadataPrefix: "fallom.metadata.",
  promptKey: "fallom.prompt_key",
  promptVersion: "fallom.prompt_version",
  promptAbTestKey: "fallom.prompt_ab_test_key",
  promptAbTest: "fallom.prompt_ab_test",
  promptVariantIndex: "fallom.prompt_variant_index",
  promptVariant: "fallom.prompt_variant",
  kind: "fallom.kind",
  method: "fallom.method",
  provider: "fallom.provider",
  /** Native (Vercel wrapper) only: the provider's base URL, for host-based provider inference. */
  baseUrl: "fallom.base_url",
  isStreaming: "fallom.is_streaming",
  timeToFirstTokenMs: "fallom.time_to_first_token_ms",
  costReportedUsd: "fallom.cost.reported_usd",
  input: "fallom.input",
  output: "fallom.output",
  rawPrefix: "fallom.raw.",
  rawUsage: "fallom.raw.usage",
  rawRequest: "fallom.raw.request",
  rawResponse: "fallom.raw.response",
  rawProviderMetadata: "fallom.raw.providerMetadata",
  rawTimings: "fallom.raw.timings",
  /** Legacy 0.1.x tool calls of the completion (JSON list). */
  toolCalls: "fallom.tool_calls",
} as const;

/**
 * Keys inside native TraceData `attributes` that only the original SDKs send (SPEC §5.3): the TS
 * SDK's manual spans put their content under these bare names.
 */
export const NATIVE_KEYS = {
  input: "input",
  output: "output",
} as const;

/** OTel GenAI semantic conventions, current and deprecated names (SPEC §6.2). */
export const GEN_AI_KEYS = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  system: "gen_ai.system",
  requestPrefix: "gen_ai.request.",
  requestModel: "gen_ai.request.model",
  requestStream: "gen_ai.request.stream",
  responseModel: "gen_ai.response.model",
  responseId: "gen_ai.response.id",
  responseFinishReasons: "gen_ai.response.finish_reasons",
  responseFinishReason: "gen_ai.response.finish_reason",
  responseTimeToFirstChunk: "gen_ai.response.time_to_first_chunk",
  timeToFirstTokenMs: "gen_ai.time_to_first_token_ms",
  conversationId: "gen_ai.conversation.id",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  totalTokens: "gen_ai.usage.total_tokens",
  promptTokens: "gen_ai.usage.prompt_tokens",
  completionTokens: "gen_ai.usage.completion_tokens",
  cacheReadInputTokens: "gen_ai.usage.cache_read.input_tokens",
  cacheReadInputTokensLegacy: "gen_ai.usage.cache_read_input_tokens",
  inputTokensCached: "gen_ai.usage.input_tokens.cached",
  cacheCreationInputTokens: "gen_ai.usage.cache_creation.input_tokens",
  cacheCreationInputTokensLegacy: "gen_ai.usage.cache_creation_input_tokens",
  inputTokensCacheCreation: "gen_ai.usage.input_tokens.cache_creation",
  inputTokensCacheWrite: "gen_ai.usage.input_tokens.cache_write",
  reasoningOutputTokens: "gen_ai.usage.reasoning.output_tokens",
  outputTokensReasoning: "gen_ai.usage.output_tokens.reasoning",
  totalCost: "gen_ai.usage.total_cost",
  inputCost: "gen_ai.usage.input_cost",
  outputCost: "gen_ai.usage.output_cost",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
  systemInstructions: "gen_ai.system_instructions",
  /** Legacy 0.1.x system prompt (native TraceData). */
  systemPrompt: "gen_ai.system_prompt",
  toolDefinitions: "gen_ai.tool.definitions",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolCallArguments: "gen_ai.tool.call.arguments",
  toolCallResult: "gen_ai.tool.call.result",
  /** JSON strings of the whole prompt / completion (Broadcast, older semconv). */
  prompt: "gen_ai.prompt",
  completion: "gen_ai.completion",
  /** JSON body of the deprecated per-message events. */
  eventContent: "gen_ai.event.content",
} as const;

/** OTel GenAI span events (SPEC §6.2 content rows). */
export const GEN_AI_EVENTS = {
  operationDetails: "gen_ai.client.inference.operation.details",
  systemMessage: "gen_ai.system.message",
  userMessage: "gen_ai.user.message",
  assistantMessage: "gen_ai.assistant.message",
  toolMessage: "gen_ai.tool.message",
  choice: "gen_ai.choice",
} as const;

/** Attribute some instrumentations use to carry a structured event body. */
export const EVENT_BODY_KEY = "body";

/** General OTel attributes several conventions share. */
export const OTEL_KEYS = {
  sessionId: "session.id",
  userId: "user.id",
  endUserId: "enduser.id",
  serverAddress: "server.address",
  errorType: "error.type",
  traceInput: "trace.input",
  traceOutput: "trace.output",
  spanInput: "span.input",
  spanOutput: "span.output",
} as const;

/** The OTel exception event and its attributes (status message fallback, SPEC §5.2). */
export const EXCEPTION_EVENT = {
  name: "exception",
  message: "exception.message",
  type: "exception.type",
} as const;

/** Events whose time marks the first streamed token (SPEC §6.2 TTFT fallback). */
export const FIRST_TOKEN_EVENTS = [
  "ai.stream.firstChunk",
  "gen_ai.content.chunk",
  "llm.content.completion.chunk",
  "First Token Stream Event",
] as const;

/** OpenLLMetry / Traceloop. */
export const OPENLLMETRY_KEYS = {
  requestType: "llm.request.type",
  isStreaming: "llm.is_streaming",
  totalTokens: "llm.usage.total_tokens",
  spanKind: "traceloop.span.kind",
  associationPrefix: "traceloop.association.properties.",
  /** `gen_ai.prompt.{i}.role|content|tool_calls…` */
  promptPrefix: "gen_ai.prompt.",
  /** `gen_ai.completion.{i}.role|content|finish_reason|tool_calls…` */
  completionPrefix: "gen_ai.completion.",
  /** `llm.request.functions.{i}.name|description|parameters` */
  functionsPrefix: "llm.request.functions.",
} as const;

/** Sub-keys of one flattened `gen_ai.prompt.{i}.*` / `gen_ai.completion.{i}.*` group. */
export const OPENLLMETRY_MESSAGE_KEYS = {
  role: "role",
  content: "content",
  finishReason: "finish_reason",
  toolCallId: "tool_call_id",
  /** JSON list in older versions, else flattened `tool_calls.{j}.id|name|arguments`. */
  toolCalls: "tool_calls",
  toolCallsPrefix: "tool_calls.",
  toolCallIdKey: "id",
  toolCallName: "name",
  toolCallArguments: "arguments",
  /** Sub-keys of `llm.request.functions.{i}.*`. */
  functionName: "name",
  functionDescription: "description",
  functionParameters: "parameters",
} as const;

/** Keys of `traceloop.association.properties.*` consumed as session context. */
export const OPENLLMETRY_ASSOCIATION = {
  configKey: "config_key",
  sessionId: "session_id",
  userId: "user_id",
  customerId: "customer_id",
} as const;

/** OpenInference (Arize Phoenix). */
export const OPENINFERENCE_KEYS = {
  spanKind: "openinference.span.kind",
  provider: "llm.provider",
  system: "llm.system",
  modelName: "llm.model_name",
  requestModelName: "llm.request.model_name",
  responseModelName: "llm.response.model_name",
  invocationParameters: "llm.invocation_parameters",
  finishReason: "llm.finish_reason",
  promptTokens: "llm.token_count.prompt",
  completionTokens: "llm.token_count.completion",
  totalTokens: "llm.token_count.total",
  cacheReadTokens: "llm.token_count.prompt_details.cache_read",
  cacheWriteTokens: "llm.token_count.prompt_details.cache_write",
  reasoningTokens: "llm.token_count.completion_details.reasoning",
  costTotal: "llm.cost.total",
  costPrompt: "llm.cost.prompt",
  costCompletion: "llm.cost.completion",
  inputMessagesPrefix: "llm.input_messages.",
  outputMessagesPrefix: "llm.output_messages.",
  tools: "llm.tools",
  toolsPrefix: "llm.tools.",
  inputValue: "input.value",
  outputValue: "output.value",
  tags: "tag.tags",
  metadata: "metadata",
} as const;

/** Sub-keys of one flattened `llm.input_messages.{i}.*` / `llm.output_messages.{i}.*` group. */
export const OPENINFERENCE_MESSAGE_KEYS = {
  messagePrefix: "message.",
  role: "role",
  content: "content",
  name: "name",
  toolCallId: "tool_call_id",
  contentsPrefix: "contents.",
  messageContentPrefix: "message_content.",
  contentText: "text",
  contentImageUrl: "image.image.url",
  toolCallsPrefix: "tool_calls.",
  toolCallPrefix: "tool_call.",
  toolCallIdKey: "id",
  functionName: "function.name",
  functionArguments: "function.arguments",
  /** Sub-key of `llm.tools.{i}.*`. */
  toolJsonSchema: "tool.json_schema",
} as const;

/** Vercel AI SDK `experimental_telemetry` (v4, v5, v6). */
export const VERCEL_KEYS = {
  operationId: "ai.operationId",
  modelProvider: "ai.model.provider",
  modelId: "ai.model.id",
  telemetryMetadataPrefix: "ai.telemetry.metadata.",
  settingsPrefix: "ai.settings.",
  usageInputTokens: "ai.usage.inputTokens",
  usagePromptTokens: "ai.usage.promptTokens",
  usageOutputTokens: "ai.usage.outputTokens",
  usageCompletionTokens: "ai.usage.completionTokens",
  usageTotalTokens: "ai.usage.totalTokens",
  usageTokens: "ai.usage.tokens",
  usageCachedInputTokens: "ai.usage.cachedInputTokens",
  usageReasoningTokens: "ai.usage.reasoningTokens",
  usageInputTokenDetailsPrefix: "ai.usage.inputTokenDetails.",
  usageCacheReadTokens: "ai.usage.inputTokenDetails.cacheReadTokens",
  usageCacheWriteTokens: "ai.usage.inputTokenDetails.cacheWriteTokens",
  usageOutputTokenDetailsPrefix: "ai.usage.outputTokenDetails.",
  usageOutputReasoningTokens: "ai.usage.outputTokenDetails.reasoningTokens",
  promptMessages: "ai.prompt.messages",
  prompt: "ai.prompt",
  promptTools: "ai.prompt.tools",
  responseText: "ai.response.text",
  responseToolCalls: "ai.response.toolCalls",
  responseObject: "ai.response.object",
  responseReasoning: "ai.response.reasoning",
  responseFinishReason: "ai.response.finishReason",
  responseId: "ai.response.id",
  responseModel: "ai.response.model",
  responseMsToFirstChunk: "ai.response.msToFirstChunk",
  streamMsToFirstChunk: "ai.stream.msToFirstChunk",
  responseProviderMetadata: "ai.response.providerMetadata",
  toolCallName: "ai.toolCall.name",
  toolCallId: "ai.toolCall.id",
  toolCallArgs: "ai.toolCall.args",
  toolCallResult: "ai.toolCall.result",
} as const;

/** Keys of `ai.telemetry.metadata.*` consumed as context or tags (SPEC §6.2). */
export const VERCEL_METADATA = {
  configKey: ["configKey", "config_key"],
  sessionId: ["sessionId", "session_id"],
  customerId: ["userId", "customerId", "user_id"],
  tags: "tags",
} as const;

/** Vercel span names (also `ai.operationId`). */
export const VERCEL_SPAN_NAMES = {
  prefix: "ai.",
  toolCall: "ai.toolCall",
  /** Roots that aggregate their `.do*` children (SPEC §6.3). */
  aggregateRoots: [
    "ai.generateText",
    "ai.streamText",
    "ai.generateObject",
    "ai.streamObject",
    "ai.embed",
    "ai.embedMany",
  ],
  streamingRoots: ["ai.streamText", "ai.streamObject"],
  doGenerateSuffix: ".doGenerate",
  doStreamSuffix: ".doStream",
  doEmbedSuffix: ".doEmbed",
} as const;

/** OpenRouter Broadcast (SPEC §9). */
export const BROADCAST_KEYS = {
  traceMetadataPrefix: "trace.metadata.",
  traceTags: "trace.tags",
  /** Relative to `trace.metadata.`. */
  configKey: "config_key",
  tags: "tags",
  /** Subtrees of `trace.metadata.` that stay in `attributes` (SPEC §6.2 metadata row). */
  keptSubtrees: ["openrouter.", "openrouter_generation."],
  providerName: "trace.metadata.openrouter.provider_name",
  firstTokenMs: "trace.metadata.openrouter.first_token_ms",
  generationId: "trace.metadata.openrouter.generation_id",
  llmGenerationSpanName: "LLM Generation",
} as const;

/** Keys inside Vercel / native provider metadata JSON. */
export const PROVIDER_METADATA_PATHS = {
  anthropicCacheRead: ["anthropic", "cacheReadInputTokens"],
  anthropicCacheWrite: ["anthropic", "cacheCreationInputTokens"],
  openrouterUsage: ["openrouter", "usage"],
} as const;
