/**
 * Mapper for the Vercel AI SDK's `experimental_telemetry` spans (`ai.*`, v4 to v6), plus the
 * SPEC §4.2 provider rules that only hold for Vercel spans (SPEC §6.4 E4).
 */
import type { Message, MessagePart, MetadataValue, TokenUsage } from "../../domain/span-record.js";
import type { AttributeValue } from "../raw-span.js";
import {
  PROVIDER_METADATA_PATHS,
  VERCEL_KEYS,
  VERCEL_METADATA,
  VERCEL_SPAN_NAMES,
} from "./attribute-keys.js";
import type { AttributeReader } from "./attribute-reader.js";
import {
  getPath,
  isRecord,
  parseJson,
  toMetadataValue,
  toNumber,
  toText,
  toTextList,
} from "./coerce-attribute-value.js";
import type { ConventionFields, InputContent, SpanClassification } from "./convention-fields.js";
import {
  reasoningPart,
  textPart,
  toGenaiMessages,
  toGenaiParts,
  toolCallPart,
  toolResponsePart,
} from "./to-genai-messages.js";

/** The Vercel operation id (`ai.streamText.doStream`), or undefined for a non-Vercel span. */
export function vercelOperationId(read: AttributeReader): string | undefined {
  const operationId = read.text(VERCEL_KEYS.operationId);
  if (operationId !== undefined) return operationId;
  return read.span.name.startsWith(VERCEL_SPAN_NAMES.prefix) ? read.span.name : undefined;
}

/**
 * @example
 * mapVercelAiSdk(read).configKey // ai.telemetry.metadata.configKey ?? …config_key
 */
export function mapVercelAiSdk(read: AttributeReader): ConventionFields {
  const operationId = vercelOperationId(read);
  if (operationId === undefined) return {};
  const telemetry = read.prefixed(VERCEL_KEYS.telemetryMetadataPrefix);
  const providerMetadata = read.json(VERCEL_KEYS.responseProviderMetadata);
  const { operation, classification } = classify(operationId);
  const cost = toNumber(getPath(providerMetadata, [...PROVIDER_METADATA_PATHS.openrouterUsage, "cost"]));
  const settings = read.prefixed(VERCEL_KEYS.settingsPrefix);
  const tool = operationId === VERCEL_SPAN_NAMES.toolCall ? toolCallContent(read) : undefined;
  return {
    operation,
    classification,
    provider: read.text(VERCEL_KEYS.modelProvider),
    requestModel: read.text(VERCEL_KEYS.modelId),
    responseModel: read.text(VERCEL_KEYS.responseModel),
    responseId: read.text(VERCEL_KEYS.responseId),
    finishReasons: toTextList(read.get(VERCEL_KEYS.responseFinishReason)),
    configKey: firstOf(telemetry, VERCEL_METADATA.configKey),
    sessionId: firstOf(telemetry, VERCEL_METADATA.sessionId),
    customerId: firstOf(telemetry, VERCEL_METADATA.customerId),
    tags: toTextList(telemetry[VERCEL_METADATA.tags]),
    metadata: telemetryMetadata(telemetry),
    tokens: readTokens(read, providerMetadata),
    reportedCost: cost === undefined ? undefined : { total: cost, input: null, output: null },
    timeToFirstTokenMs: read.firstNumber(
      VERCEL_KEYS.responseMsToFirstChunk,
      VERCEL_KEYS.streamMsToFirstChunk,
    ),
    isStreaming: isStreamingOperation(operationId) ? true : undefined,
    requestParams: Object.keys(settings).length > 0 ? settings : undefined,
    input: tool?.input ?? readInput(read),
    output: tool?.output ?? readOutput(read),
    toolDefinitions: readToolDefinitions(read),
  };
}

/**
 * SPEC §4.2 rules for Vercel v4/v5 spans, which report provider-exclusive counts: Anthropic input
 * gains cache read + write, Google (v5) output gains reasoning. v6+ spans (they carry
 * `ai.usage.inputTokenDetails.*`) are inclusive already and stay as they are. Decided by the
 * span being a Vercel span, not by which attribute supplied the count (E4).
 */
export function applyVercelUsageRules(
  read: AttributeReader,
  tokens: TokenUsage,
  provider: string | null,
): TokenUsage {
  if (vercelOperationId(read) === undefined) return tokens;
  const result = { ...tokens };
  if (
    provider === "anthropic" &&
    result.input_tokens !== null &&
    !read.hasPrefix(VERCEL_KEYS.usageInputTokenDetailsPrefix)
  ) {
    result.input_tokens += (result.cache_read_tokens ?? 0) + (result.cache_write_tokens ?? 0);
  }
  if (
    (provider === "google" || provider === "vertex") &&
    result.output_tokens !== null &&
    !read.hasPrefix(VERCEL_KEYS.usageOutputTokenDetailsPrefix) &&
    read.has(VERCEL_KEYS.usageReasoningTokens)
  ) {
    result.output_tokens += result.reasoning_tokens ?? 0;
  }
  return result;
}

function classify(operationId: string): { operation?: string; classification?: SpanClassification } {
  if (
    operationId.endsWith(VERCEL_SPAN_NAMES.doGenerateSuffix) ||
    operationId.endsWith(VERCEL_SPAN_NAMES.doStreamSuffix)
  ) {
    return { operation: "chat", classification: { kind: "llm", isAggregate: false } };
  }
  if (operationId.endsWith(VERCEL_SPAN_NAMES.doEmbedSuffix)) {
    return { operation: "embeddings", classification: { kind: "embedding", isAggregate: false } };
  }
  if (operationId === VERCEL_SPAN_NAMES.toolCall) {
    return { operation: "execute_tool", classification: { kind: "tool", isAggregate: false } };
  }
  if ((VERCEL_SPAN_NAMES.aggregateRoots as readonly string[]).includes(operationId)) {
    return { classification: { kind: "chain", isAggregate: true } };
  }
  return {};
}

function isStreamingOperation(operationId: string): boolean {
  return (
    operationId.endsWith(VERCEL_SPAN_NAMES.doStreamSuffix) ||
    VERCEL_SPAN_NAMES.streamingRoots.some((root) => operationId.startsWith(root))
  );
}

function firstOf(values: Record<string, AttributeValue>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = toText(values[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

const CONSUMED_METADATA_KEYS: ReadonlySet<string> = new Set([
  ...VERCEL_METADATA.configKey,
  ...VERCEL_METADATA.sessionId,
  ...VERCEL_METADATA.customerId,
  VERCEL_METADATA.tags,
]);

function telemetryMetadata(
  telemetry: Record<string, AttributeValue>,
): Record<string, MetadataValue> | undefined {
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(telemetry)) {
    if (CONSUMED_METADATA_KEYS.has(key)) continue;
    const converted = toMetadataValue(value);
    if (converted !== undefined) metadata[key] = converted;
  }
  return Object.keys(metadata).length > 0 ? metadata : undefined;
}

function readTokens(read: AttributeReader, providerMetadata: unknown): Partial<TokenUsage> {
  const tokens: Partial<TokenUsage> = {
    input_tokens: read.firstNumber(
      VERCEL_KEYS.usageInputTokens,
      VERCEL_KEYS.usagePromptTokens,
      VERCEL_KEYS.usageTokens,
    ),
    output_tokens: read.firstNumber(VERCEL_KEYS.usageOutputTokens, VERCEL_KEYS.usageCompletionTokens),
    total_tokens: read.number(VERCEL_KEYS.usageTotalTokens),
    cache_read_tokens:
      read.firstNumber(VERCEL_KEYS.usageCacheReadTokens, VERCEL_KEYS.usageCachedInputTokens) ??
      toNumber(getPath(providerMetadata, PROVIDER_METADATA_PATHS.anthropicCacheRead)),
    cache_write_tokens:
      read.number(VERCEL_KEYS.usageCacheWriteTokens) ??
      toNumber(getPath(providerMetadata, PROVIDER_METADATA_PATHS.anthropicCacheWrite)),
    reasoning_tokens: read.firstNumber(
      VERCEL_KEYS.usageOutputReasoningTokens,
      VERCEL_KEYS.usageReasoningTokens,
    ),
  };
  if (tokens.input_tokens !== undefined || tokens.output_tokens !== undefined) return tokens;
  // Some OpenRouter providers report null usage to the SDK; OpenRouter's own count is in the metadata (§4.2).
  const usage = getPath(providerMetadata, PROVIDER_METADATA_PATHS.openrouterUsage);
  if (!isRecord(usage)) return tokens;
  return {
    input_tokens: toNumber(usage.promptTokens),
    output_tokens: toNumber(usage.completionTokens),
    total_tokens: toNumber(usage.totalTokens),
    cache_read_tokens: toNumber(getPath(usage, ["promptTokensDetails", "cachedTokens"])),
    reasoning_tokens: toNumber(getPath(usage, ["completionTokensDetails", "reasoningTokens"])),
  };
}

/** `ai.prompt.messages` (step spans), else `ai.prompt` (`{system?, prompt? | messages?}`, roots). */
function readInput(read: AttributeReader): InputContent | undefined {
  const messages = toGenaiMessages(read.json(VERCEL_KEYS.promptMessages));
  if (messages) return { messages, system: null };
  const prompt = read.json(VERCEL_KEYS.prompt);
  if (typeof prompt === "string")
    return { messages: [{ role: "user", parts: [textPart(prompt)] }], system: null };
  if (!isRecord(prompt)) return undefined;
  const system = toGenaiParts(prompt.system);
  const promptMessages =
    toGenaiMessages(prompt.messages) ??
    (prompt.prompt == null
      ? null
      : toGenaiMessages(Array.isArray(prompt.prompt) ? prompt.prompt : [prompt.prompt]));
  if (!promptMessages && system.length === 0) return undefined;
  return { messages: promptMessages, system: system.length > 0 ? system : null };
}

/** One assistant message from `ai.response.reasoning`, `.text`, `.toolCalls` and `.object`. */
function readOutput(read: AttributeReader): Message[] | undefined {
  const parts: MessagePart[] = [];
  const reasoning = read.text(VERCEL_KEYS.responseReasoning);
  if (reasoning !== undefined) parts.push(reasoningPart(reasoning));
  const text = read.text(VERCEL_KEYS.responseText);
  if (text !== undefined) parts.push(textPart(text));
  const toolCalls = read.json(VERCEL_KEYS.responseToolCalls);
  if (Array.isArray(toolCalls)) parts.push(...toGenaiParts(toolCalls));
  const object = read.text(VERCEL_KEYS.responseObject);
  if (object !== undefined) parts.push(textPart(object));
  if (parts.length === 0) return undefined;
  const message: Message = { role: "assistant", parts };
  const finishReason = read.text(VERCEL_KEYS.responseFinishReason);
  if (finishReason !== undefined) message.finish_reason = finishReason;
  return [message];
}

/** `ai.toolCall` spans: the call as a tool_call part, its result as a tool_call_response part. */
function toolCallContent(read: AttributeReader): { input?: InputContent; output?: Message[] } {
  const id = read.text(VERCEL_KEYS.toolCallId);
  const args = read.get(VERCEL_KEYS.toolCallArgs);
  const result = read.get(VERCEL_KEYS.toolCallResult);
  return {
    input:
      args === undefined
        ? undefined
        : {
            messages: [
              { role: "assistant", parts: [toolCallPart(id, read.text(VERCEL_KEYS.toolCallName), args)] },
            ],
            system: null,
          },
    output: result === undefined ? undefined : [{ role: "tool", parts: [toolResponsePart(id, result)] }],
  };
}

/** `ai.prompt.tools`: a list of JSON-encoded tool definitions (or one JSON list). */
function readToolDefinitions(read: AttributeReader): unknown[] | undefined {
  const value = read.get(VERCEL_KEYS.promptTools);
  const list = Array.isArray(value) ? value : parseJson(value);
  if (!Array.isArray(list)) return undefined;
  return list.map((tool) => parseJson(tool) ?? tool);
}
