/**
 * Messages from an opaque content payload: OpenRouter Broadcast `gen_ai.prompt` /
 * `gen_ai.completion`, OpenInference `input.value` / `output.value`, `trace.input`. These hold
 * whatever the producer serialised (a request body, a response body, a bare string), so the
 * shape is recognised by its keys.
 */
import type { Message } from "../../domain/span-record.js";
import { isRecord, parseJsonOrText, toText } from "./coerce-attribute-value.js";
import {
  reasoningPart,
  textPart,
  toGenaiMessage,
  toGenaiMessages,
  toGenaiParts,
} from "./to-genai-messages.js";

/**
 * Recognised shapes: `{messages}` (chat request), `{prompt}` (completion request), `{choices}`
 * (OpenAI chat response), `{completion, reasoning?}` (Broadcast), a message list, one message,
 * or plain text. Anything else becomes one text part holding its JSON, so nothing is lost.
 *
 * @example
 * messagesFromPayload('{"completion":"Hi","reasoning":"greet"}', "assistant");
 * // [{ role: "assistant", parts: [{ type: "reasoning", … }, { type: "text", content: "Hi" }] }]
 */
export function messagesFromPayload(value: unknown, defaultRole: string): Message[] | null {
  const payload = parseJsonOrText(value);
  if (payload == null || payload === "") return null;
  if (typeof payload === "string") return [{ role: defaultRole, parts: [textPart(payload)] }];
  if (Array.isArray(payload)) {
    const looksLikeMessages = payload.every((item) => isRecord(item) && typeof item.role === "string");
    return looksLikeMessages
      ? toGenaiMessages(payload)
      : [{ role: defaultRole, parts: toGenaiParts(payload) }];
  }
  if (!isRecord(payload)) return [{ role: defaultRole, parts: [textPart(String(payload))] }];
  if (Array.isArray(payload.messages)) return toGenaiMessages(payload.messages);
  if (Array.isArray(payload.choices)) return payload.choices.flatMap(choiceMessage);
  if ("completion" in payload) return [completionMessage(payload, defaultRole)];
  const prompt = toText(payload.prompt);
  if (prompt !== undefined) return [{ role: defaultRole, parts: [textPart(prompt)] }];
  if ("role" in payload || "content" in payload || "parts" in payload) {
    const message = toGenaiMessage(payload, defaultRole);
    return message ? [message] : null;
  }
  return [{ role: defaultRole, parts: [textPart(JSON.stringify(payload))] }];
}

function choiceMessage(choice: unknown): Message[] {
  if (!isRecord(choice)) return [];
  const source = isRecord(choice.message) ? choice.message : { role: "assistant", content: choice.text };
  const message = toGenaiMessage(source, "assistant");
  if (!message) return [];
  const finishReason = toText(choice.finish_reason);
  if (finishReason !== undefined) message.finish_reason = finishReason;
  return [message];
}

/** Broadcast `{completion, reasoning?}`: the reasoning comes first, as it was produced first. */
function completionMessage(payload: Record<string, unknown>, role: string): Message {
  const parts = [];
  const reasoning = toText(payload.reasoning);
  if (reasoning !== undefined) parts.push(reasoningPart(reasoning));
  parts.push(...toGenaiParts(payload.completion));
  return { role, parts };
}
