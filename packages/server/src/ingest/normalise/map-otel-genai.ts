/**
 * Mapper for the OTel GenAI semantic conventions, current and deprecated names (SPEC §6.2),
 * including the `gen_ai.usage.*` extensions OpenRouter Broadcast sends (`input_tokens.cached`,
 * `input_cost`…). Token counts are taken as sent: GenAI input already includes cache (E4).
 */
import type { Message, TokenUsage } from "../../domain/span-record.js";
import { GEN_AI_KEYS } from "./attribute-keys.js";
import type { AttributeReader } from "./attribute-reader.js";
import { toTextList } from "./coerce-attribute-value.js";
import type { ConventionFields, SpanClassification } from "./convention-fields.js";
import { mapGenaiEventContent } from "./map-otel-genai-events.js";
import { toGenaiMessageList, toSystemParts } from "./to-genai-message-list.js";
import { toolCallPart, toolResponsePart } from "./to-genai-messages.js";

/** `gen_ai.operation.name` values and the kind they imply (SPEC §6.3, E8). */
const CLASSIFICATION_BY_OPERATION: Record<string, SpanClassification> = {
  chat: { kind: "llm", isAggregate: false },
  text_completion: { kind: "llm", isAggregate: false },
  generate_content: { kind: "llm", isAggregate: false },
  embeddings: { kind: "embedding", isAggregate: false },
  execute_tool: { kind: "tool", isAggregate: false },
  create_agent: { kind: "agent", isAggregate: false },
  invoke_agent: { kind: "agent", isAggregate: true },
  invoke_workflow: { kind: "chain", isAggregate: true },
};

/** Seconds (OTel) to ms, rounded to the µs so 1.284 s reads 1284, not 1284.0000000000002. */
const secondsToMs = (seconds: number): number => Math.round(seconds * 1e6) / 1e3;

/**
 * @example
 * mapOtelGenai(read).tokens?.input_tokens // gen_ai.usage.input_tokens ?? gen_ai.usage.prompt_tokens
 */
export function mapOtelGenai(read: AttributeReader): ConventionFields {
  const operation = read.text(GEN_AI_KEYS.operationName);
  const ttftSeconds = read.number(GEN_AI_KEYS.responseTimeToFirstChunk);
  const events = mapGenaiEventContent(read.span.events);
  const tool = toolSpanContent(read);
  return {
    operation,
    classification: operation === undefined ? undefined : CLASSIFICATION_BY_OPERATION[operation],
    provider: read.firstText(GEN_AI_KEYS.providerName, GEN_AI_KEYS.system),
    requestModel: read.text(GEN_AI_KEYS.requestModel),
    responseModel: read.text(GEN_AI_KEYS.responseModel),
    responseId: read.text(GEN_AI_KEYS.responseId),
    finishReasons:
      toTextList(read.get(GEN_AI_KEYS.responseFinishReasons)) ??
      toTextList(read.get(GEN_AI_KEYS.responseFinishReason)),
    sessionId: read.text(GEN_AI_KEYS.conversationId),
    tokens: readTokens(read),
    reportedCost: readReportedCost(read),
    timeToFirstTokenMs: ttftSeconds === undefined ? undefined : secondsToMs(ttftSeconds),
    isStreaming: read.boolean(GEN_AI_KEYS.requestStream),
    requestParams: readRequestParams(read),
    input: readInput(read) ?? events.input ?? tool?.input,
    output: toGenaiMessageList(read.json(GEN_AI_KEYS.outputMessages)) ?? events.output ?? tool?.output,
    toolDefinitions: readToolDefinitions(read) ?? events.toolDefinitions,
  };
}

function readTokens(read: AttributeReader): Partial<TokenUsage> {
  return {
    input_tokens: read.firstNumber(GEN_AI_KEYS.inputTokens, GEN_AI_KEYS.promptTokens),
    output_tokens: read.firstNumber(GEN_AI_KEYS.outputTokens, GEN_AI_KEYS.completionTokens),
    cache_read_tokens: read.firstNumber(
      GEN_AI_KEYS.cacheReadInputTokens,
      GEN_AI_KEYS.cacheReadInputTokensLegacy,
      GEN_AI_KEYS.inputTokensCached,
    ),
    cache_write_tokens: read.firstNumber(
      GEN_AI_KEYS.cacheCreationInputTokens,
      GEN_AI_KEYS.cacheCreationInputTokensLegacy,
      GEN_AI_KEYS.inputTokensCacheCreation,
      GEN_AI_KEYS.inputTokensCacheWrite,
    ),
    reasoning_tokens: read.firstNumber(GEN_AI_KEYS.reasoningOutputTokens, GEN_AI_KEYS.outputTokensReasoning),
    total_tokens: read.number(GEN_AI_KEYS.totalTokens),
  };
}

function readReportedCost(read: AttributeReader): ConventionFields["reportedCost"] {
  const total = read.number(GEN_AI_KEYS.totalCost);
  if (total === undefined) return undefined;
  return {
    total,
    input: read.number(GEN_AI_KEYS.inputCost) ?? null,
    output: read.number(GEN_AI_KEYS.outputCost) ?? null,
  };
}

/** `gen_ai.request.*` minus the model, named by the rest of the key (`max_tokens`, `stream`…). */
function readRequestParams(read: AttributeReader): Record<string, unknown> | undefined {
  const params: Record<string, unknown> = read.prefixed(GEN_AI_KEYS.requestPrefix);
  delete params[GEN_AI_KEYS.requestModel.slice(GEN_AI_KEYS.requestPrefix.length)];
  return Object.keys(params).length > 0 ? params : undefined;
}

function readInput(read: AttributeReader): ConventionFields["input"] {
  const messages = toGenaiMessageList(read.json(GEN_AI_KEYS.inputMessages));
  const system = toSystemParts(read.json(GEN_AI_KEYS.systemInstructions));
  return messages || system ? { messages, system } : undefined;
}

function readToolDefinitions(read: AttributeReader): unknown[] | undefined {
  const value = read.json(GEN_AI_KEYS.toolDefinitions);
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/** `execute_tool` spans: the call and its result as a tool_call / tool_call_response pair. */
function toolSpanContent(
  read: AttributeReader,
): { input?: ConventionFields["input"]; output?: Message[] } | undefined {
  const args = read.get(GEN_AI_KEYS.toolCallArguments);
  const result = read.get(GEN_AI_KEYS.toolCallResult);
  if (args === undefined && result === undefined) return undefined;
  const id = read.text(GEN_AI_KEYS.toolCallId);
  return {
    input:
      args === undefined
        ? undefined
        : {
            messages: [
              { role: "assistant", parts: [toolCallPart(id, read.text(GEN_AI_KEYS.toolName), args)] },
            ],
            system: null,
          },
    output: result === undefined ? undefined : [{ role: "tool", parts: [toolResponsePart(id, result)] }],
  };
}
