import type { Conversation, ToolChoice, ToolSpec } from "../../domain/plan-turn.js";
import { asObjectArray, asString, isJsonObject, type JsonObject } from "../json-fields.js";
import { textOf } from "./to-chat-conversation.js";

/**
 * Reads a Responses API request: the prompt is `instructions` followed by the text of every input
 * message and every `function_call_output`; tools are the `function` tools.
 *
 * @example
 * ```ts
 * toResponsesConversation({ instructions: "Be brief.", input: "Hi" }).promptText; // "Be brief.Hi"
 * ```
 */
export function toResponsesConversation(body: JsonObject): Conversation {
  const instructions = asString(body.instructions) ?? "";
  const input = body.input;
  const base = {
    tools: toTools(body.tools),
    toolChoice: toToolChoice(body.tool_choice),
    parallelToolCalls: body.parallel_tool_calls !== false,
  };
  if (typeof input === "string") {
    return { ...base, promptText: instructions + input, lastUserText: input, endsWithToolResult: false };
  }
  const items = asObjectArray(input);
  const lastUserText =
    [...items]
      .reverse()
      .filter((item) => item.role === "user")
      .map((item) => textOf(item.content))
      .find((text) => text !== "") ?? "";
  return {
    ...base,
    promptText: instructions + items.map(itemText).join(""),
    lastUserText,
    endsWithToolResult: items.at(-1)?.type === "function_call_output",
  };
}

function itemText(item: JsonObject): string {
  if (item.type === "function_call_output") return textOf(item.output);
  return item.role === undefined ? "" : textOf(item.content);
}

function toTools(tools: unknown): ToolSpec[] {
  return asObjectArray(tools).flatMap((tool) => {
    const name = asString(tool.name);
    return tool.type === "function" && name !== undefined ? [{ name, parameters: tool.parameters }] : [];
  });
}

function toToolChoice(choice: unknown): ToolChoice {
  if (choice === "none") return { kind: "none" };
  if (choice === "required") return { kind: "required" };
  if (isJsonObject(choice) && choice.type === "function") {
    const name = asString(choice.name);
    if (name !== undefined) return { kind: "named", name };
  }
  return { kind: "auto" };
}
