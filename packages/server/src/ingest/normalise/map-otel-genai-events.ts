/**
 * Content carried in OTel GenAI span events rather than attributes (SPEC §6.2 content rows):
 * the current `gen_ai.client.inference.operation.details` event, and the deprecated per-message
 * events (`gen_ai.system.message`, `gen_ai.user.message`, `gen_ai.assistant.message`,
 * `gen_ai.tool.message`, `gen_ai.choice`) whose body is a JSON `gen_ai.event.content`
 * attribute or structured event attributes.
 */
import type { Message } from "../../domain/span-record.js";
import type { RawSpanEvent } from "../raw-span.js";
import { EVENT_BODY_KEY, GEN_AI_EVENTS, GEN_AI_KEYS } from "./attribute-keys.js";
import { isRecord, parseJson, toText } from "./coerce-attribute-value.js";
import type { InputContent } from "./convention-fields.js";
import { toGenaiMessageList, toSystemParts } from "./to-genai-message-list.js";
import { toGenaiMessage, toGenaiParts, toolResponsePart } from "./to-genai-messages.js";

export interface EventContent {
  input?: InputContent;
  output?: Message[];
  toolDefinitions?: unknown[];
}

const ROLE_BY_EVENT: Record<string, string> = {
  [GEN_AI_EVENTS.systemMessage]: "system",
  [GEN_AI_EVENTS.userMessage]: "user",
  [GEN_AI_EVENTS.assistantMessage]: "assistant",
  [GEN_AI_EVENTS.toolMessage]: "tool",
};

/**
 * @example
 * mapGenaiEventContent(span.events).input?.messages // from the deprecated message events
 */
export function mapGenaiEventContent(events: RawSpanEvent[]): EventContent {
  return fromOperationDetails(events) ?? fromDeprecatedEvents(events);
}

function fromOperationDetails(events: RawSpanEvent[]): EventContent | undefined {
  const event = events.find((candidate) => candidate.name === GEN_AI_EVENTS.operationDetails);
  if (!event) return undefined;
  const messages = toGenaiMessageList(parseJson(event.attributes[GEN_AI_KEYS.inputMessages]));
  const system = toSystemParts(parseJson(event.attributes[GEN_AI_KEYS.systemInstructions]));
  const output = toGenaiMessageList(parseJson(event.attributes[GEN_AI_KEYS.outputMessages]));
  const tools = parseJson(event.attributes[GEN_AI_KEYS.toolDefinitions]);
  return {
    input: messages || system ? { messages, system } : undefined,
    output: output ?? undefined,
    toolDefinitions: Array.isArray(tools) ? tools : undefined,
  };
}

/** Deprecated events in time order; the role comes from the event name (SPEC fixture 4). */
function fromDeprecatedEvents(events: RawSpanEvent[]): EventContent {
  const ordered = events
    .map((event, position) => ({ event, position }))
    .sort((a, b) =>
      a.event.timeUnixNano === b.event.timeUnixNano
        ? a.position - b.position
        : a.event.timeUnixNano < b.event.timeUnixNano
          ? -1
          : 1,
    )
    .map(({ event }) => event);
  const input: Message[] = [];
  const output: Message[] = [];
  for (const event of ordered) {
    const role = ROLE_BY_EVENT[event.name];
    if (role !== undefined) {
      input.push(messageFromBody(eventBody(event), role));
    } else if (event.name === GEN_AI_EVENTS.choice) {
      output.push(choiceMessage(eventBody(event)));
    }
  }
  return {
    input: input.length > 0 ? { messages: input, system: null } : undefined,
    output: output.length > 0 ? output : undefined,
  };
}

/** The event body: `gen_ai.event.content` JSON, a `body` attribute, or the attributes themselves. */
function eventBody(event: RawSpanEvent): Record<string, unknown> {
  const content = parseJson(event.attributes[GEN_AI_KEYS.eventContent]);
  if (isRecord(content)) return content;
  const body = parseJson(event.attributes[EVENT_BODY_KEY]);
  if (isRecord(body)) return body;
  return event.attributes;
}

function messageFromBody(body: Record<string, unknown>, role: string): Message {
  const id = toText(body.id) ?? toText(body.tool_call_id);
  if (role === "tool" && id !== undefined) {
    return { role, parts: [toolResponsePart(id, body.content)] };
  }
  const message = toGenaiMessage({ ...body, role }, role);
  return message ?? { role, parts: toGenaiParts(body.content) };
}

function choiceMessage(body: Record<string, unknown>): Message {
  const inner = isRecord(body.message) ? body.message : body;
  const message = messageFromBody(inner, toText(inner.role) ?? "assistant");
  const finishReason = toText(body.finish_reason);
  if (finishReason !== undefined) message.finish_reason = finishReason;
  return message;
}
