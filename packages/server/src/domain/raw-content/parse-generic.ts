/**
 * LangChain / Mastra and unknown producers: a string, `{prompts: [string]}`, `{messages}` or a
 * message list → `{text, toolCalls}`.
 */
import { asRecord } from "../json-value.js";
import type { ShapeParser } from "./shape-parser.js";
import { toChatMessages, toUserTextMessage } from "./to-chat-messages.js";
import { toGenericResponse } from "./to-generic-response.js";
import { toMessageParts } from "./to-message-part.js";
import { toToolDefinitions } from "./to-tool-definitions.js";

/**
 * @example parseGeneric.request({ prompts: ["Hi"] }).input
 * // [{ role: "user", parts: [{ type: "text", content: "Hi" }] }]
 */
export const parseGeneric: ShapeParser = {
  request(request) {
    if (typeof request === "string") return { input: [toUserTextMessage(request)], system: [], tools: null };
    if (Array.isArray(request)) return { input: toChatMessages(request), system: [], tools: null };
    const body = asRecord(request);
    const prompts = Array.isArray(body.prompts)
      ? body.prompts.filter((prompt) => typeof prompt === "string").map(toUserTextMessage)
      : [];
    const input = [...prompts, ...toChatMessages(body.messages)];
    if (typeof body.input === "string") input.push(toUserTextMessage(body.input));
    return { input, system: toMessageParts(body.system), tools: toToolDefinitions(body.tools) };
  },
  response: toGenericResponse,
};
