/**
 * OpenAI Responses: `{input (string | items), instructions, tools}` → `{output: items, text}`.
 */

import { asRecord, isRecord, type Json, stringOrNull } from "../json-value.js";
import type { Message, MessagePart } from "../span-record.js";
import type { ShapeParser } from "./shape-parser.js";
import { toMessageRole, toUserTextMessage } from "./to-chat-messages.js";
import { toGenericPart } from "./to-content-part.js";
import { toGenericResponse, withFinishReason } from "./to-generic-response.js";
import { toMessageParts } from "./to-message-part.js";
import { toToolCallPart, toToolResponsePart } from "./to-tool-call-part.js";
import { toToolDefinitions } from "./to-tool-definitions.js";

/** Responses `input` items: messages, `function_call`, `function_call_output`, `reasoning`. */
function toResponsesItemMessages(item: unknown): Message[] {
  if (typeof item === "string") return [toUserTextMessage(item)];
  if (!isRecord(item)) return [];
  switch (item.type) {
    case "function_call":
      return [{ role: "assistant", parts: [toToolCallPart(item)].filter((part) => part !== null) }];
    case "function_call_output":
      return [{ role: "tool", parts: [toToolResponsePart(item.call_id, item.output)] }];
    case "reasoning":
      return [{ role: "assistant", parts: toReasoningParts(item) }];
    case undefined:
    case "message":
      return [{ role: toMessageRole(item), parts: toMessageParts(item.content) }];
    default:
      return [{ role: "assistant", parts: [toGenericPart(item)] }];
  }
}

/** Reasoning items carry text in `summary[]` or `content[]`; often neither (then no part). */
function toReasoningParts(item: Json): MessagePart[] {
  const blocks = [
    ...(Array.isArray(item.summary) ? item.summary : []),
    ...(Array.isArray(item.content) ? item.content : []),
  ];
  return blocks.flatMap((block) => {
    const text = stringOrNull(asRecord(block).text);
    return text ? [{ type: "reasoning", content: text }] : [];
  });
}

/**
 * @example parseOpenAiResponses.request({ instructions: "Be brief.", input: "Hi" }).system
 * // [{ type: "text", content: "Be brief." }]
 */
export const parseOpenAiResponses: ShapeParser = {
  request(request) {
    const body = asRecord(request);
    const input = typeof body.input === "string" ? [toUserTextMessage(body.input)] : [];
    if (Array.isArray(body.input)) input.push(...body.input.flatMap(toResponsesItemMessages));
    return { input, system: toMessageParts(body.instructions), tools: toToolDefinitions(body.tools) };
  },
  response(response, finishReason) {
    const body = asRecord(response);
    if (!Array.isArray(body.output)) return toGenericResponse(response, finishReason);
    const parts = body.output.flatMap((item) => {
      if (!isRecord(item)) return [];
      if (item.type === "message") return toMessageParts(item.content);
      if (item.type === "reasoning") return toReasoningParts(item);
      if (item.type === "function_call") return [toToolCallPart(item)].filter((part) => part !== null);
      return [toGenericPart(item)];
    });
    if (parts.length === 0 && stringOrNull(body.text)) parts.push({ type: "text", content: body.text });
    return parts.length > 0 ? [withFinishReason({ role: "assistant", parts }, finishReason)] : [];
  },
};
