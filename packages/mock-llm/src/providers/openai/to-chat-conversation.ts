import type { Conversation, ToolChoice, ToolSpec } from "../../domain/plan-turn.js";
import { asObjectArray, asString, isJsonObject, type JsonObject } from "../json-fields.js";

/**
 * Reads a Chat Completions request: the prompt is the text of every message (string content or
 * `text` parts) in order; tools are the `function` tools; `tool_choice` maps to a `ToolChoice`.
 *
 * @example
 * ```ts
 * toChatConversation({ messages: [{ role: "user", content: "Hi" }] }).promptText; // "Hi"
 * ```
 */
export function toChatConversation(body: JsonObject): Conversation {
  const messages = asObjectArray(body.messages);
  const lastUserText =
    [...messages]
      .reverse()
      .filter((message) => message.role === "user")
      .map((message) => textOf(message.content))
      .find((text) => text !== "") ?? "";
  const last = messages.at(-1);
  return {
    promptText: messages.map((message) => textOf(message.content)).join(""),
    lastUserText,
    endsWithToolResult: last?.role === "tool" || last?.role === "function",
    tools: toTools(body.tools),
    toolChoice: toToolChoice(body.tool_choice),
    parallelToolCalls: body.parallel_tool_calls !== false,
  };
}

/** Text of a message `content`: a string, or the concatenated `text` of its parts. */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  return asObjectArray(content)
    .map((part) => asString(part.text) ?? "")
    .join("");
}

function toTools(tools: unknown): ToolSpec[] {
  return asObjectArray(tools).flatMap((tool) => {
    const fn = isJsonObject(tool.function) ? tool.function : undefined;
    const name = asString(fn?.name);
    return name === undefined ? [] : [{ name, parameters: fn?.parameters }];
  });
}

function toToolChoice(choice: unknown): ToolChoice {
  if (choice === "none") return { kind: "none" };
  if (choice === "required") return { kind: "required" };
  if (isJsonObject(choice)) {
    const fn = isJsonObject(choice.function) ? choice.function : undefined;
    const name = asString(fn?.name);
    if (name !== undefined) return { kind: "named", name };
  }
  return { kind: "auto" };
}
