import { MOCK_REFUSAL_TEXT, mockReplyText } from "./mock-text.js";
import { mockToolArguments } from "./mock-tool-arguments.js";

/** A tool the request offers, reduced to what the mock needs. */
export interface ToolSpec {
  name: string;
  parameters?: unknown;
}

/** The request's tool choice in provider-neutral terms. */
export type ToolChoice =
  | { kind: "auto" }
  | { kind: "none" }
  | { kind: "required" }
  | { kind: "named"; name: string };

/** What every provider adapter extracts from a request before the mock decides how to answer. */
export interface Conversation {
  /** Every text of the prompt (system, messages, tool results) concatenated without separator. */
  promptText: string;
  /** The text of the last user message that has text. */
  lastUserText: string;
  /** The last message is a tool result: answer with text unless a tool call is forced. */
  endsWithToolResult: boolean;
  tools: ToolSpec[];
  toolChoice: ToolChoice;
  parallelToolCalls: boolean;
}

export interface PlannedToolCall {
  name: string;
  arguments: Record<string, unknown>;
  /** `JSON.stringify(arguments)`: what OpenAI sends as `function.arguments`. */
  argumentsJson: string;
}

/** How the mock answers one choice. */
export type TurnPlan =
  | { kind: "text"; text: string }
  | { kind: "refusal"; text: string }
  | { kind: "tool_calls"; calls: PlannedToolCall[] };

/** Phrase in the last user message that makes the model call one tool (`tool_choice` "auto"). */
export const USE_A_TOOL_PHRASE = "use a tool";
/** Phrase in the last user message that makes the model call every offered tool at once. */
export const USE_ALL_TOOLS_PHRASE = "use all tools";
/** Phrase in the last user message that makes the model refuse. */
export const REFUSE_PHRASE = "please refuse";

/**
 * Decides deterministically how the mock model answers:
 * - a forced tool choice (`required` / `any` / a named tool) always calls a tool;
 * - `auto` calls a tool when the last user message says "use a tool" (the tool whose name the message
 *   mentions, else the first) or "use all tools" (every tool, unless parallel calls are disabled), and
 *   the conversation does not already end with a tool result;
 * - "please refuse" gives a refusal;
 * - anything else is the text `mockReplyText(lastUserText, choiceIndex)`.
 *
 * @example
 * ```ts
 * planTurn({ promptText: "Hi", lastUserText: "Hi", endsWithToolResult: false, tools: [],
 *   toolChoice: { kind: "auto" }, parallelToolCalls: true });
 * // { kind: "text", text: "Mock reply to: Hi" }
 * ```
 */
export function planTurn(conversation: Conversation, choiceIndex = 0): TurnPlan {
  const tools = selectTools(conversation);
  if (tools.length > 0) return { kind: "tool_calls", calls: tools.map(toPlannedToolCall) };
  if (conversation.lastUserText.toLowerCase().includes(REFUSE_PHRASE)) {
    return { kind: "refusal", text: MOCK_REFUSAL_TEXT };
  }
  return { kind: "text", text: mockReplyText(conversation.lastUserText, choiceIndex) };
}

function selectTools(conversation: Conversation): ToolSpec[] {
  const { tools, toolChoice } = conversation;
  if (tools.length === 0 || toolChoice.kind === "none") return [];
  const message = conversation.lastUserText.toLowerCase();
  if (toolChoice.kind === "named") {
    const named = tools.find((tool) => tool.name === toolChoice.name);
    return [named ?? { name: toolChoice.name }];
  }
  const wantsAll = message.includes(USE_ALL_TOOLS_PHRASE);
  const wantsOne = message.includes(USE_A_TOOL_PHRASE);
  if (toolChoice.kind === "auto" && (conversation.endsWithToolResult || !(wantsAll || wantsOne))) return [];
  if (wantsAll && conversation.parallelToolCalls) return tools;
  const mentioned = tools.find((tool) => message.includes(tool.name.toLowerCase()));
  const first = mentioned ?? tools[0];
  return first ? [first] : [];
}

function toPlannedToolCall(tool: ToolSpec): PlannedToolCall {
  const args = mockToolArguments(tool.parameters);
  return { name: tool.name, arguments: args, argumentsJson: JSON.stringify(args) };
}
