/**
 * The common `{text, toolCalls, toolResults, …}` response every SDK wrapper produces, and the
 * finish-reason helpers the shape parsers share.
 */

import { isRecord, stringOrNull } from "../json-value.js";
import type { Message, MessagePart } from "../span-record.js";
import { toContentPart } from "./to-content-part.js";
import { toMessageParts } from "./to-message-part.js";
import { toToolCallPart, toToolResponsePart } from "./to-tool-call-part.js";

/**
 * A response's text, reasoning, tool calls and tool results as one assistant message (plus a tool
 * message for executed tool results). The fallback of every shape parser.
 *
 * @example toGenericResponse({ text: "Hello" }, "stop")
 * // [{ role: "assistant", parts: [{ type: "text", content: "Hello" }], finish_reason: "stop" }]
 */
export function toGenericResponse(
  response: unknown,
  finishReason: string | null,
  role = "assistant",
): Message[] {
  if (typeof response === "string") return [{ role, parts: toMessageParts(response) }];
  if (!isRecord(response)) return [];
  const parts: MessagePart[] = [];
  const reasoning = stringOrNull(response.reasoningText) ?? stringOrNull(response.reasoning);
  if (reasoning) parts.push({ type: "reasoning", content: reasoning });
  if (typeof response.text === "string" && response.text !== "")
    parts.push({ type: "text", content: response.text });
  if (typeof response.refusal === "string") parts.push({ type: "refusal", content: response.refusal });
  if (response.object !== undefined) parts.push(toContentPart(response.object));
  const calls = [...(Array.isArray(response.toolCalls) ? response.toolCalls : []), response.functionCall];
  for (const call of calls) {
    const part = toToolCallPart(call);
    if (part) parts.push(part);
  }
  const messages: Message[] = [];
  if (parts.length > 0) messages.push(withFinishReason({ role, parts }, finishReason));
  const results = Array.isArray(response.toolResults) ? response.toolResults : [];
  const resultParts = results.filter(isRecord).map((result) =>
    toToolResponsePart(result.toolCallId ?? result.id, result.result ?? result.output, {
      name: result.toolName,
    }),
  );
  if (resultParts.length > 0) messages.push({ role: "tool", parts: resultParts });
  return messages;
}

/** The message with `finish_reason` set, when there is one. */
export function withFinishReason(message: Message, finishReason: string | null | undefined): Message {
  return finishReason ? { ...message, finish_reason: finishReason } : message;
}

/** Sets the response-level finish reason on the last assistant-side message. */
export function finishLastMessage(messages: Message[], finishReason: string | null): Message[] {
  const index = messages.findLastIndex((message) => message.role !== "tool" && message.role !== "user");
  if (index < 0 || !finishReason) return messages;
  return messages.map((message, i) => (i === index ? withFinishReason(message, finishReason) : message));
}
