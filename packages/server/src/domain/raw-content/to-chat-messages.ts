/**
 * Chat messages of OpenAI chat, Anthropic, Vercel and LangChain, which share the
 * `{role, content, tool_calls?}` layout.
 */

import { isRecord, type Json, stringOrNull } from "../json-value.js";
import type { Message } from "../span-record.js";
import { toMessageParts } from "./to-message-part.js";
import { toToolCallPart, toToolResponsePart } from "./to-tool-call-part.js";

const LANGCHAIN_ROLES: Record<string, string> = {
  human: "user",
  HumanMessage: "user",
  ai: "assistant",
  AIMessage: "assistant",
  system: "system",
  SystemMessage: "system",
  tool: "tool",
  ToolMessage: "tool",
  function: "function",
  FunctionMessage: "function",
};

/**
 * The message's role; LangChain messages name it by `type` (`human`) or, serialised, by the class
 * in `id`. `user` when nothing tells.
 *
 * @example toMessageRole({ type: "ai" }) // "assistant"
 */
export function toMessageRole(message: Json): string {
  const role = stringOrNull(message.role);
  if (role) return role;
  const lcClass = Array.isArray(message.id) ? message.id[message.id.length - 1] : undefined;
  const key = stringOrNull(message.type) ?? stringOrNull(lcClass);
  return (key && LANGCHAIN_ROLES[key]) ?? "user";
}

/**
 * One chat message (or a LangChain batch of them). OpenAI keeps tool calls beside the content
 * (`tool_calls`, legacy `function_call`) and tool results in `role: "tool"` messages.
 *
 * @example toChatMessage({ role: "user", content: "Hi" }) // [{ role: "user", parts: [{ type: "text", content: "Hi" }] }]
 */
export function toChatMessage(item: unknown): Message[] {
  if (typeof item === "string") return [{ role: "user", parts: toMessageParts(item) }];
  if (Array.isArray(item)) return item.flatMap(toChatMessage); // LangChain batches: [[message, …]]
  if (!isRecord(item)) return [];
  const source = isRecord(item.kwargs) ? { ...item.kwargs, id: item.id } : item;
  const role = toMessageRole(source);
  const toolCallId = source.tool_call_id;
  const parts =
    toolCallId !== undefined && (role === "tool" || role === "function")
      ? [toToolResponsePart(toolCallId, source.content)]
      : toMessageParts(source.content);
  const calls = [...(Array.isArray(source.tool_calls) ? source.tool_calls : []), source.function_call];
  for (const call of calls) {
    const part = toToolCallPart(call);
    if (part) parts.push(part);
  }
  if (typeof source.refusal === "string") parts.push({ type: "refusal", content: source.refusal });
  const name = stringOrNull(source.name);
  return [{ role, parts, ...(name ? { name } : {}) }];
}

/** A message list; anything that is not a list has no messages. */
export function toChatMessages(list: unknown): Message[] {
  return Array.isArray(list) ? list.flatMap(toChatMessage) : [];
}

/**
 * A plain prompt string as one user message.
 *
 * @example toUserTextMessage("Hi") // { role: "user", parts: [{ type: "text", content: "Hi" }] }
 */
export function toUserTextMessage(text: string): Message {
  return { role: "user", parts: [{ type: "text", content: text }] };
}
