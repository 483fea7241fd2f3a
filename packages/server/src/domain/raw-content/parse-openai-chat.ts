/**
 * OpenAI chat completions (and every compatible client): `{messages, tools, functions}` →
 * `{text, finishReason, toolCalls, functionCall}`, or a raw `{choices}` body.
 */
import { asRecord, isRecord, stringOrNull } from "../json-value.js";
import type { ShapeParser } from "./shape-parser.js";
import { toChatMessage, toChatMessages } from "./to-chat-messages.js";
import { toGenericResponse, withFinishReason } from "./to-generic-response.js";
import { toToolDefinitions } from "./to-tool-definitions.js";

/**
 * @example parseOpenAiChat.request({ messages: [{ role: "user", content: "Hi" }] }).input
 * // [{ role: "user", parts: [{ type: "text", content: "Hi" }] }]
 */
export const parseOpenAiChat: ShapeParser = {
  request(request) {
    const body = asRecord(request);
    return {
      input: toChatMessages(body.messages),
      system: [],
      tools: toToolDefinitions(body.tools ?? body.functions),
    };
  },
  response(response, finishReason) {
    const choices = asRecord(response).choices;
    if (!Array.isArray(choices)) return toGenericResponse(response, finishReason);
    return choices.filter(isRecord).flatMap((choice) => {
      const reason = stringOrNull(choice.finish_reason) ?? stringOrNull(choice.finishReason);
      if (!isRecord(choice.message)) return toGenericResponse(choice, reason);
      return toChatMessage({ role: "assistant", ...choice.message }).map((message) =>
        withFinishReason(message, reason),
      );
    });
  },
};
