/**
 * Anthropic Messages: `{messages, system (string | blocks), tools}` → `{content: blocks}` or
 * `{text, toolCalls}`.
 */
import { asRecord, stringOrNull } from "../json-value.js";
import type { ShapeParser } from "./shape-parser.js";
import { toChatMessages } from "./to-chat-messages.js";
import { toGenericResponse, withFinishReason } from "./to-generic-response.js";
import { toMessageParts } from "./to-message-part.js";
import { toToolDefinitions } from "./to-tool-definitions.js";

/**
 * @example parseAnthropic.request({ system: "Be brief.", messages: [] }).system
 * // [{ type: "text", content: "Be brief." }]
 */
export const parseAnthropic: ShapeParser = {
  request(request) {
    const body = asRecord(request);
    return {
      input: toChatMessages(body.messages),
      system: toMessageParts(body.system),
      tools: toToolDefinitions(body.tools),
    };
  },
  response(response, finishReason) {
    const body = asRecord(response);
    if (!Array.isArray(body.content)) return toGenericResponse(response, finishReason);
    return [
      withFinishReason(
        { role: stringOrNull(body.role) ?? "assistant", parts: toMessageParts(body.content) },
        finishReason,
      ),
    ];
  },
};
