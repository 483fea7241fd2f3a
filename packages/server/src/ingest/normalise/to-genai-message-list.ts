/**
 * Reads the OTel GenAI content attributes (`gen_ai.input.messages`, `gen_ai.output.messages`,
 * `gen_ai.system_instructions`) after JSON parsing. They are canonical already when the
 * instrumentation follows the current semconv; anything else goes through the generic converter.
 */
import type { Message, MessagePart } from "../../domain/span-record.js";
import { toGenaiMessages, toGenaiParts } from "./to-genai-messages.js";

/**
 * A message list, or null when the value is not one. A single message object is treated as a
 * one-element list (some instrumentations emit one message per attribute).
 *
 * @example
 * toGenaiMessageList([{ role: "user", parts: [{ type: "text", content: "Hi" }] }])
 */
export function toGenaiMessageList(value: unknown): Message[] | null {
  if (value == null) return null;
  return toGenaiMessages(Array.isArray(value) ? value : [value]);
}

/** System instructions as parts: a part list, a single part, or a plain string. */
export function toSystemParts(value: unknown): MessagePart[] | null {
  if (value == null) return null;
  const parts = toGenaiParts(value);
  return parts.length > 0 ? parts : null;
}
