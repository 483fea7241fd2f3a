/**
 * Mapper for OpenLLMetry / Traceloop (`llm.*`, `traceloop.*`, flattened `gen_ai.prompt.{i}.*` and
 * `gen_ai.completion.{i}.*`). Its token counts use the deprecated GenAI names, read by
 * `mapOtelGenai`; only `llm.usage.total_tokens` is its own.
 */
import type { Message, MessagePart, MetadataValue } from "../../domain/span-record.js";
import type { AttributeValue } from "../raw-span.js";
import {
  OPENLLMETRY_MESSAGE_KEYS as M,
  OPENLLMETRY_ASSOCIATION,
  OPENLLMETRY_KEYS,
} from "./attribute-keys.js";
import type { AttributeReader } from "./attribute-reader.js";
import { isRecord, parseJson, toMetadataValue, toText } from "./coerce-attribute-value.js";
import { collectIndexedAttributes, subAttributes } from "./collect-indexed-attributes.js";
import type { ConventionFields, SpanClassification } from "./convention-fields.js";
import { toGenaiParts, toolCallPart, toolResponsePart } from "./to-genai-messages.js";

/** `llm.request.type` → GenAI operation name. */
const OPERATION_BY_REQUEST_TYPE: Record<string, string> = {
  chat: "chat",
  completion: "text_completion",
  embedding: "embeddings",
};

/** `traceloop.span.kind` → kind (SPEC §6.4 E8: a workflow is a chain). */
const CLASSIFICATION_BY_SPAN_KIND: Record<string, SpanClassification> = {
  workflow: { kind: "chain", isAggregate: false },
  agent: { kind: "agent", isAggregate: false },
  tool: { kind: "tool", isAggregate: false },
};

const CONSUMED_ASSOCIATION_KEYS: ReadonlySet<string> = new Set(Object.values(OPENLLMETRY_ASSOCIATION));

/**
 * @example
 * mapOpenllmetry(read).sessionId // traceloop.association.properties.session_id
 */
export function mapOpenllmetry(read: AttributeReader): ConventionFields {
  const requestType = read.text(OPENLLMETRY_KEYS.requestType);
  const operation =
    requestType === undefined ? undefined : (OPERATION_BY_REQUEST_TYPE[requestType] ?? requestType);
  const association = read.prefixed(OPENLLMETRY_KEYS.associationPrefix);
  const completions = collectIndexedAttributes(read.prefixed(OPENLLMETRY_KEYS.completionPrefix));
  const prompts = collectIndexedAttributes(read.prefixed(OPENLLMETRY_KEYS.promptPrefix));
  const finishReasons = completions
    .map((entry) => toText(entry[M.finishReason]))
    .filter((r) => r !== undefined);
  const spanKind = read.text(OPENLLMETRY_KEYS.spanKind);
  return {
    operation,
    classification: classify(operation, spanKind),
    isStreaming: read.boolean(OPENLLMETRY_KEYS.isStreaming),
    tokens: { total_tokens: read.number(OPENLLMETRY_KEYS.totalTokens) },
    configKey: toText(association[OPENLLMETRY_ASSOCIATION.configKey]),
    sessionId: toText(association[OPENLLMETRY_ASSOCIATION.sessionId]),
    customerId:
      toText(association[OPENLLMETRY_ASSOCIATION.userId]) ??
      toText(association[OPENLLMETRY_ASSOCIATION.customerId]),
    metadata: associationMetadata(association),
    input:
      prompts.length > 0
        ? { messages: prompts.map((entry) => indexedMessage(entry, "user")), system: null }
        : undefined,
    output:
      completions.length > 0 ? completions.map((entry) => indexedMessage(entry, "assistant")) : undefined,
    finishReasons: finishReasons.length > 0 ? finishReasons : undefined,
    toolDefinitions: functionDefinitions(read),
  };
}

function classify(
  operation: string | undefined,
  spanKind: string | undefined,
): SpanClassification | undefined {
  if (operation === "embeddings") return { kind: "embedding", isAggregate: false };
  if (operation === "chat" || operation === "text_completion") return { kind: "llm", isAggregate: false };
  return spanKind === undefined ? undefined : CLASSIFICATION_BY_SPAN_KIND[spanKind];
}

function associationMetadata(
  association: Record<string, AttributeValue>,
): Record<string, MetadataValue> | undefined {
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(association)) {
    if (CONSUMED_ASSOCIATION_KEYS.has(key)) continue;
    const converted = toMetadataValue(value);
    if (converted !== undefined) metadata[key] = converted;
  }
  return Object.keys(metadata).length > 0 ? metadata : undefined;
}

/** One `gen_ai.prompt.{i}` / `gen_ai.completion.{i}` group as a message. */
function indexedMessage(entry: Record<string, AttributeValue>, defaultRole: string): Message {
  const role = toText(entry[M.role]) ?? defaultRole;
  const toolCallId = toText(entry[M.toolCallId]);
  const parts: MessagePart[] =
    role === "tool" && toolCallId !== undefined
      ? [toolResponsePart(toolCallId, entry[M.content])]
      : toGenaiParts(structuredContent(entry[M.content]));
  parts.push(...toolCalls(entry));
  const message: Message = { role, parts };
  const finishReason = toText(entry[M.finishReason]);
  if (finishReason !== undefined) message.finish_reason = finishReason;
  return message;
}

/** OpenLLMetry JSON-encodes list content (`[{"type":"text",…}]`); plain text stays text. */
function structuredContent(content: AttributeValue | undefined): unknown {
  if (typeof content !== "string" || !content.trimStart().startsWith("[")) return content;
  const parsed = parseJson(content);
  const isBlockList = Array.isArray(parsed) && parsed.every((block) => isRecord(block) && "type" in block);
  return isBlockList ? parsed : content;
}

/** Tool calls flattened (`tool_calls.0.name`) or, from older versions, a JSON list. */
function toolCalls(entry: Record<string, AttributeValue>): MessagePart[] {
  const listed = parseJson(entry[M.toolCalls]);
  if (Array.isArray(listed)) return toGenaiParts(listed);
  return collectIndexedAttributes(subAttributes(entry, M.toolCallsPrefix)).map((call) =>
    toolCallPart(toText(call[M.toolCallIdKey]), toText(call[M.toolCallName]), call[M.toolCallArguments]),
  );
}

/** `llm.request.functions.{i}.name|description|parameters` as function definitions. */
function functionDefinitions(read: AttributeReader): unknown[] | undefined {
  const functions = collectIndexedAttributes(read.prefixed(OPENLLMETRY_KEYS.functionsPrefix));
  if (functions.length === 0) return undefined;
  return functions.map((fn) => ({
    type: "function",
    name: toText(fn[M.functionName]) ?? null,
    description: toText(fn[M.functionDescription]) ?? null,
    parameters: parseJson(fn[M.functionParameters]) ?? null,
  }));
}
