/**
 * Mapper for OpenInference (Arize Phoenix): `openinference.span.kind`, `llm.*`, flattened
 * `llm.input_messages.{i}.message.*`, `input.value` / `output.value`, `tag.tags`, `metadata`.
 * Token counts are cache-inclusive already (SPEC §6.4 E4).
 */
import type { Message, MessagePart, MetadataValue } from "../../domain/span-record.js";
import type { AttributeValue } from "../raw-span.js";
import { OPENINFERENCE_MESSAGE_KEYS as M, OPENINFERENCE_KEYS } from "./attribute-keys.js";
import type { AttributeReader } from "./attribute-reader.js";
import { isRecord, toMetadataValue, toText, toTextList } from "./coerce-attribute-value.js";
import { collectIndexedAttributes, subAttributes } from "./collect-indexed-attributes.js";
import type { ConventionFields, SpanClassification } from "./convention-fields.js";
import { messagesFromPayload } from "./messages-from-payload.js";
import { textPart, toGenaiParts, toolCallPart, toolResponsePart } from "./to-genai-messages.js";

/** `openinference.span.kind` → operation and kind (SPEC §6.2 operation row, §6.3, E8). */
const BY_SPAN_KIND: Record<string, { operation?: string; classification: SpanClassification }> = {
  LLM: { operation: "chat", classification: { kind: "llm", isAggregate: false } },
  EMBEDDING: { operation: "embeddings", classification: { kind: "embedding", isAggregate: false } },
  TOOL: { operation: "execute_tool", classification: { kind: "tool", isAggregate: false } },
  CHAIN: { classification: { kind: "chain", isAggregate: true } },
  AGENT: { classification: { kind: "agent", isAggregate: true } },
  RETRIEVER: { classification: { kind: "retrieval", isAggregate: false } },
};

/**
 * @example
 * mapOpenInference(read).tokens?.input_tokens // llm.token_count.prompt
 */
export function mapOpenInference(read: AttributeReader): ConventionFields {
  const spanKind = BY_SPAN_KIND[read.text(OPENINFERENCE_KEYS.spanKind)?.toUpperCase() ?? ""];
  const costTotal = read.number(OPENINFERENCE_KEYS.costTotal);
  const inputMessages = indexedMessages(read.prefixed(OPENINFERENCE_KEYS.inputMessagesPrefix), "user");
  const inputValue = read.get(OPENINFERENCE_KEYS.inputValue);
  const outputValue = read.get(OPENINFERENCE_KEYS.outputValue);
  const inputFromValue = inputValue === undefined ? null : messagesFromPayload(inputValue, "user");
  return {
    operation: spanKind?.operation,
    classification: spanKind?.classification,
    provider: read.firstText(OPENINFERENCE_KEYS.provider, OPENINFERENCE_KEYS.system),
    requestModel: read.firstText(OPENINFERENCE_KEYS.requestModelName, OPENINFERENCE_KEYS.modelName),
    responseModel: read.text(OPENINFERENCE_KEYS.responseModelName),
    finishReasons: toTextList(read.get(OPENINFERENCE_KEYS.finishReason)),
    tokens: {
      input_tokens: read.number(OPENINFERENCE_KEYS.promptTokens),
      output_tokens: read.number(OPENINFERENCE_KEYS.completionTokens),
      total_tokens: read.number(OPENINFERENCE_KEYS.totalTokens),
      cache_read_tokens: read.number(OPENINFERENCE_KEYS.cacheReadTokens),
      cache_write_tokens: read.number(OPENINFERENCE_KEYS.cacheWriteTokens),
      reasoning_tokens: read.number(OPENINFERENCE_KEYS.reasoningTokens),
    },
    reportedCost:
      costTotal === undefined
        ? undefined
        : {
            total: costTotal,
            input: read.number(OPENINFERENCE_KEYS.costPrompt) ?? null,
            output: read.number(OPENINFERENCE_KEYS.costCompletion) ?? null,
          },
    requestParams: recordOrUndefined(read.json(OPENINFERENCE_KEYS.invocationParameters)),
    tags: toTextList(read.get(OPENINFERENCE_KEYS.tags)),
    metadata: readMetadata(read),
    input: inputMessages ? { messages: inputMessages, system: null } : undefined,
    output: indexedMessages(read.prefixed(OPENINFERENCE_KEYS.outputMessagesPrefix), "assistant") ?? undefined,
    inputFallback: inputFromValue ? { messages: inputFromValue, system: null } : undefined,
    outputFallback:
      outputValue === undefined ? undefined : (messagesFromPayload(outputValue, "assistant") ?? undefined),
    toolDefinitions: readTools(read),
  };
}

function recordOrUndefined(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** The `metadata` attribute is a JSON object string; value types are kept. */
function readMetadata(read: AttributeReader): Record<string, MetadataValue> | undefined {
  const parsed = read.json(OPENINFERENCE_KEYS.metadata);
  if (!isRecord(parsed)) return undefined;
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const converted = toMetadataValue(value);
    if (converted !== undefined) metadata[key] = converted;
  }
  return metadata;
}

function indexedMessages(flat: Record<string, AttributeValue>, defaultRole: string): Message[] | null {
  const entries = collectIndexedAttributes(flat);
  if (entries.length === 0) return null;
  return entries.map((entry) => indexedMessage(subAttributes(entry, M.messagePrefix), defaultRole));
}

/** One `llm.*_messages.{i}.message.*` group: role, content or contents, tool calls, tool result. */
function indexedMessage(message: Record<string, AttributeValue>, defaultRole: string): Message {
  const role = toText(message[M.role]) ?? defaultRole;
  const toolCallId = toText(message[M.toolCallId]);
  const parts: MessagePart[] = [];
  if (role === "tool" && toolCallId !== undefined) {
    parts.push(toolResponsePart(toolCallId, message[M.content]));
  } else {
    parts.push(...toGenaiParts(message[M.content]));
    for (const content of collectIndexedAttributes(subAttributes(message, M.contentsPrefix))) {
      parts.push(...contentPart(subAttributes(content, M.messageContentPrefix)));
    }
  }
  for (const call of collectIndexedAttributes(subAttributes(message, M.toolCallsPrefix))) {
    const toolCall = subAttributes(call, M.toolCallPrefix);
    parts.push(
      toolCallPart(
        toText(toolCall[M.toolCallIdKey]),
        toText(toolCall[M.functionName]),
        toolCall[M.functionArguments],
      ),
    );
  }
  const result: Message = { role, parts };
  const name = toText(message[M.name]);
  if (name !== undefined) result.name = name;
  return result;
}

function contentPart(content: Record<string, AttributeValue>): MessagePart[] {
  const text = toText(content[M.contentText]);
  if (text !== undefined) return [textPart(text)];
  const imageUrl = toText(content[M.contentImageUrl]);
  return imageUrl === undefined ? [] : [{ type: "uri", modality: "image", mime_type: null, uri: imageUrl }];
}

/** `llm.tools.{i}.tool.json_schema` (JSON strings) or a JSON `llm.tools` list. */
function readTools(read: AttributeReader): unknown[] | undefined {
  const listed = read.json(OPENINFERENCE_KEYS.tools);
  if (Array.isArray(listed)) return listed;
  const tools = collectIndexedAttributes(read.prefixed(OPENINFERENCE_KEYS.toolsPrefix));
  if (tools.length === 0) return undefined;
  return tools.map((tool) => {
    const schema = tool[M.toolJsonSchema];
    if (typeof schema !== "string") return schema ?? tool;
    try {
      return JSON.parse(schema);
    } catch {
      return schema;
    }
  });
}
