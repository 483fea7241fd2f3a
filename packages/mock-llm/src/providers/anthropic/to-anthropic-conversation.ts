import type { Conversation, ToolChoice, ToolSpec } from "../../domain/plan-turn.js";
import { asObjectArray, asString, isJsonObject, type JsonObject } from "../json-fields.js";

/**
 * Reads an Anthropic Messages request: the prompt is the `system` text followed by every message's
 * `text` blocks and `tool_result` contents; tools are the client tools (those with `input_schema`).
 *
 * @example
 * ```ts
 * toAnthropicConversation({ system: "Be brief.", messages: [{ role: "user", content: "Hi" }] }).promptText;
 * // "Be brief.Hi"
 * ```
 */
export function toAnthropicConversation(body: JsonObject): Conversation {
  const messages = asObjectArray(body.messages);
  const lastUserText =
    [...messages]
      .reverse()
      .filter((message) => message.role === "user")
      .map((message) => userText(message.content))
      .find((text) => text !== "") ?? "";
  const last = messages.at(-1);
  const choice = isJsonObject(body.tool_choice) ? body.tool_choice : {};
  return {
    promptText: blockText(body.system) + messages.map((message) => blockText(message.content)).join(""),
    lastUserText,
    endsWithToolResult:
      last?.role === "user" && asObjectArray(last.content).some((block) => block.type === "tool_result"),
    tools: toTools(body.tools),
    toolChoice: toToolChoice(choice),
    parallelToolCalls: choice.disable_parallel_tool_use !== true,
  };
}

/** Text of a content: a string, or its `text` blocks and `tool_result` contents. */
function blockText(content: unknown): string {
  if (typeof content === "string") return content;
  return asObjectArray(content)
    .map((block) => {
      if (block.type === "text") return asString(block.text) ?? "";
      if (block.type === "tool_result") return blockText(block.content);
      return "";
    })
    .join("");
}

/** What the user typed: a string content or its `text` blocks (not tool results). */
function userText(content: unknown): string {
  if (typeof content === "string") return content;
  return asObjectArray(content)
    .filter((block) => block.type === "text")
    .map((block) => asString(block.text) ?? "")
    .join("");
}

function toTools(tools: unknown): ToolSpec[] {
  return asObjectArray(tools).flatMap((tool) => {
    const name = asString(tool.name);
    return name !== undefined && tool.input_schema !== undefined
      ? [{ name, parameters: tool.input_schema }]
      : [];
  });
}

function toToolChoice(choice: JsonObject): ToolChoice {
  if (choice.type === "none") return { kind: "none" };
  if (choice.type === "any") return { kind: "required" };
  const name = asString(choice.name);
  if (choice.type === "tool" && name !== undefined) return { kind: "named", name };
  return { kind: "auto" };
}
