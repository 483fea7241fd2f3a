/**
 * Tool calls and tool results of every producer as `tool_call` / `tool_call_response` parts.
 */

import { isRecord, type Json, parseJsonMaybe, stringOrNull } from "../json-value.js";
import type { MessagePart } from "../span-record.js";

/**
 * Tool call from any producer: OpenAI `{id, function:{name, arguments}}`, `{id, name, arguments|args|input}`,
 * Vercel `{toolCallId, toolName, args|input}`, Responses `{call_id}`. null without a name.
 *
 * @example toToolCallPart({ id: "c1", function: { name: "f", arguments: '{"a":1}' } })
 * // { type: "tool_call", id: "c1", name: "f", arguments: { a: 1 } }
 */
export function toToolCallPart(call: unknown): MessagePart | null {
  if (!isRecord(call)) return null;
  const fn = isRecord(call.function) ? call.function : call;
  const name = stringOrNull(fn.name) ?? stringOrNull(call.toolName);
  if (!name) return null;
  const id =
    stringOrNull(call.id) ??
    stringOrNull(call.toolCallId) ??
    stringOrNull(call.call_id) ??
    stringOrNull(call.tool_call_id);
  const args = fn.arguments ?? call.args ?? call.input;
  return { type: "tool_call", id, name, arguments: parseJsonMaybe(args) };
}

/**
 * A tool result as a `tool_call_response` part; an all-text block list reads as its text.
 *
 * @example toToolResponsePart("c1", '{"ok":true}') // { type: "tool_call_response", id: "c1", response: { ok: true } }
 */
export function toToolResponsePart(id: unknown, response: unknown, extra: Json = {}): MessagePart {
  return {
    type: "tool_call_response",
    id: stringOrNull(id),
    response: parseJsonMaybe(simplifyToolResult(response)),
    ...extra,
  };
}

/** An all-text block list (Anthropic `tool_result.content`, OpenAI tool content) reads as its text. */
function simplifyToolResult(content: unknown): unknown {
  if (!Array.isArray(content) || content.length === 0) return content;
  const texts = content.map((block) =>
    isRecord(block) && block.type === "text" ? stringOrNull(block.text) : null,
  );
  return texts.every((text) => text !== null) ? texts.join("") : content;
}
