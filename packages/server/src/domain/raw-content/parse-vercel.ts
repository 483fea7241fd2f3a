/**
 * Vercel AI SDK (`wrapAISDK`): `{prompt, messages, system, tools: [names]}` →
 * `{text, toolCalls, toolResults, responseMessages}` or `{object}`.
 */
import { asRecord } from "../json-value.js";
import type { ShapeParser } from "./shape-parser.js";
import { toChatMessages, toUserTextMessage } from "./to-chat-messages.js";
import { finishLastMessage, toGenericResponse } from "./to-generic-response.js";
import { toMessageParts } from "./to-message-part.js";
import { toToolDefinitions } from "./to-tool-definitions.js";

/**
 * @example parseVercel.request({ system: "Be brief.", prompt: "Hi" }).input
 * // [{ role: "user", parts: [{ type: "text", content: "Hi" }] }]
 */
export const parseVercel: ShapeParser = {
  request(request) {
    const body = asRecord(request);
    const input =
      typeof body.prompt === "string" ? [toUserTextMessage(body.prompt)] : toChatMessages(body.prompt);
    input.push(...toChatMessages(body.messages));
    return { input, system: toMessageParts(body.system), tools: toToolDefinitions(body.tools) };
  },
  response(response, finishReason) {
    const messages = asRecord(response).responseMessages;
    if (!Array.isArray(messages) || messages.length === 0) return toGenericResponse(response, finishReason);
    return finishLastMessage(toChatMessages(messages), finishReason);
  },
};
