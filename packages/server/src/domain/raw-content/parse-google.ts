/**
 * Google (`@google/generative-ai`, `@google/genai`): the raw first argument of `generateContent`
 * (a string, parts, or `{contents, systemInstruction, tools}`; `@google/genai` nests the last two
 * in `config`) → `{text, candidates}`.
 */

import { asRecord, isRecord, stringOrNull } from "../json-value.js";
import type { Message, MessagePart } from "../span-record.js";
import type { ShapeParser } from "./shape-parser.js";
import { toUserTextMessage } from "./to-chat-messages.js";
import { toGenericResponse, withFinishReason } from "./to-generic-response.js";
import { toMessageParts } from "./to-message-part.js";
import { toToolDefinitions } from "./to-tool-definitions.js";

/** Google `contents`: a string, one Content, a list of Contents, or a list of parts / strings (one user turn). */
function toGoogleContents(contents: unknown): Message[] {
  if (typeof contents === "string") return [toUserTextMessage(contents)];
  const list = Array.isArray(contents) ? contents : [contents];
  const isContent = (item: unknown) => isRecord(item) && Array.isArray(item.parts);
  if (list.some(isContent)) {
    return list.filter(isContent).map((item) => {
      const content = asRecord(item);
      return { role: stringOrNull(content.role) ?? "user", parts: toMessageParts(content.parts) };
    });
  }
  const parts = toMessageParts(list);
  return parts.length > 0 ? [{ role: "user", parts }] : [];
}

/** System instruction: a string, a part, or a Content `{parts}`. */
function toGoogleSystem(instruction: unknown): MessagePart[] {
  return isRecord(instruction) && Array.isArray(instruction.parts)
    ? toMessageParts(instruction.parts)
    : toMessageParts(instruction);
}

/**
 * @example parseGoogle.request("Suggest a dinner").input
 * // [{ role: "user", parts: [{ type: "text", content: "Suggest a dinner" }] }]
 */
export const parseGoogle: ShapeParser = {
  request(request) {
    if (!isRecord(request) || (Array.isArray(request.parts) && request.contents === undefined)) {
      return { input: toGoogleContents(request), system: [], tools: null };
    }
    const config = asRecord(request.config);
    const contents = request.contents ?? request.message;
    return {
      input: toGoogleContents(contents),
      system: toGoogleSystem(
        request.systemInstruction ?? request.system_instruction ?? config.systemInstruction,
      ),
      tools: toToolDefinitions(request.tools ?? config.tools),
    };
  },
  response(response, finishReason) {
    const candidates = asRecord(response).candidates;
    if (!Array.isArray(candidates)) return toGenericResponse(response, finishReason, "model");
    return candidates.filter(isRecord).map((candidate) => {
      const content = asRecord(candidate.content);
      const reason =
        stringOrNull(candidate.finishReason) ?? stringOrNull(candidate.finish_reason) ?? finishReason;
      return withFinishReason(
        { role: stringOrNull(content.role) ?? "model", parts: toMessageParts(content.parts) },
        reason,
      );
    });
  },
};
