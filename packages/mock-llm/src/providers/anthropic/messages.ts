import { countTokens, truncateToTokens } from "../../domain/count-tokens.js";
import { mockReasoningText, splitIntoChunks } from "../../domain/mock-text.js";
import { planTurn } from "../../domain/plan-turn.js";
import { EventStream } from "../../http/event-stream.js";
import type { MockExchange } from "../../http/mock-exchange.js";
import { sendJson } from "../../http/send-json.js";
import {
  asInteger,
  asString,
  containsKey,
  isJsonObject,
  type JsonObject,
  requireJsonObject,
} from "../json-fields.js";
import { toAnthropicConversation } from "./to-anthropic-conversation.js";
import { toAnthropicError } from "./to-anthropic-error.js";

/** The signature every mock thinking block carries. */
export const MOCK_THINKING_SIGNATURE = "bW9jay10aGlua2luZy1zaWduYXR1cmU=";

type ContentBlock = JsonObject & { type: string };

/**
 * `POST /v1/messages`: a `message`, or with `stream: true` the SSE events `message_start`, `ping`,
 * `content_block_start` / `_delta` / `_stop`, `message_delta`, `message_stop`.
 * `thinking: {type: "enabled" | "adaptive"}` adds a thinking block first. When `cache_control`
 * appears anywhere in the request, the prompt's tokens are split: half read from the cache, a
 * quarter written to it, the rest uncached `input_tokens` (their sum is `countTokens(prompt)`).
 */
export async function handleMessages(exchange: MockExchange): Promise<void> {
  const body = requireJsonObject(exchange.body);
  const model = asString(body.model) ?? "claude-haiku-4-5";
  const conversation = toAnthropicConversation(body);
  const plan = planTurn(conversation);
  const content: ContentBlock[] = [];
  const thinking = isJsonObject(body.thinking) && body.thinking.type !== "disabled";
  if (thinking) {
    content.push({
      type: "thinking",
      thinking: mockReasoningText(conversation.lastUserText),
      signature: MOCK_THINKING_SIGNATURE,
    });
  }
  let stopReason = "end_turn";
  if (plan.kind === "tool_calls") {
    stopReason = "tool_use";
    for (const call of plan.calls) {
      content.push({
        type: "tool_use",
        id: exchange.ids.next("toolu_mock"),
        name: call.name,
        input: call.arguments,
      });
    }
  } else {
    const maxTokens = asInteger(body.max_tokens);
    const cut =
      maxTokens === undefined
        ? { text: plan.text, truncated: false }
        : truncateToTokens(plan.text, maxTokens);
    if (cut.truncated) stopReason = "max_tokens";
    if (plan.kind === "refusal") stopReason = "refusal";
    content.push({ type: "text", text: cut.text });
  }
  const usage = anthropicUsage(body, countTokens(conversation.promptText), outputTokensOf(content));
  const message = {
    id: exchange.ids.next("msg_mock"),
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage,
  };
  const headers = { "request-id": exchange.ids.next("req_mock") };
  if (body.stream === true) {
    await streamMessage(exchange, message, headers);
    return;
  }
  await sendJson(exchange, 200, message, headers);
}

/** `POST /v1/messages/count_tokens`: `{input_tokens}` = `countTokens(prompt)`. */
export async function handleCountTokens(exchange: MockExchange): Promise<void> {
  const conversation = toAnthropicConversation(requireJsonObject(exchange.body));
  await sendJson(exchange, 200, { input_tokens: countTokens(conversation.promptText) });
}

function outputTokensOf(content: ContentBlock[]): number {
  return content.reduce((sum, block) => {
    if (block.type === "thinking") return sum + countTokens(String(block.thinking));
    if (block.type === "tool_use") return sum + countTokens(String(block.name) + JSON.stringify(block.input));
    return sum + countTokens(String(block.text));
  }, 0);
}

function anthropicUsage(body: JsonObject, promptTokens: number, outputTokens: number): JsonObject {
  const cached = containsKey(body, "cache_control");
  const read = cached ? Math.floor(promptTokens / 2) : 0;
  const written = cached ? Math.floor(promptTokens / 4) : 0;
  const oneHour = cached && JSON.stringify(body).includes('"ttl":"1h"');
  return {
    input_tokens: promptTokens - read - written,
    cache_creation_input_tokens: written,
    cache_read_input_tokens: read,
    cache_creation: {
      ephemeral_5m_input_tokens: oneHour ? 0 : written,
      ephemeral_1h_input_tokens: oneHour ? written : 0,
    },
    output_tokens: outputTokens,
    service_tier: "standard",
  };
}

async function streamMessage(
  exchange: MockExchange,
  message: JsonObject & { content: ContentBlock[]; usage: JsonObject },
  headers: Record<string, string>,
): Promise<void> {
  const stream = await EventStream.open(exchange, {
    headers,
    failure: () => ({
      event: "error",
      data: toAnthropicError(529, "Overloaded", String(headers["request-id"])),
    }),
  });
  const events: JsonObject[] = [
    {
      type: "message_start",
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...message.usage, output_tokens: 1 },
      },
    },
    { type: "ping" },
  ];
  message.content.forEach((block, index) => {
    events.push(...blockEvents(block, index));
  });
  const { usage } = message;
  events.push(
    {
      type: "message_delta",
      delta: { stop_reason: message.stop_reason, stop_sequence: null },
      usage: {
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        output_tokens: usage.output_tokens,
      },
    },
    { type: "message_stop" },
  );
  for (const event of events) {
    if (!(await stream.send(event, String(event.type)))) return;
  }
  stream.end();
}

function blockEvents(block: ContentBlock, index: number): JsonObject[] {
  const delta = (payload: JsonObject): JsonObject => ({ type: "content_block_delta", index, delta: payload });
  const events: JsonObject[] = [];
  if (block.type === "thinking") {
    events.push({
      type: "content_block_start",
      index,
      content_block: { type: "thinking", thinking: "", signature: "" },
    });
    for (const piece of splitIntoChunks(String(block.thinking)))
      events.push(delta({ type: "thinking_delta", thinking: piece }));
    events.push(delta({ type: "signature_delta", signature: block.signature }));
  } else if (block.type === "tool_use") {
    events.push({ type: "content_block_start", index, content_block: { ...block, input: {} } });
    for (const piece of splitIntoChunks(JSON.stringify(block.input))) {
      events.push(delta({ type: "input_json_delta", partial_json: piece }));
    }
  } else {
    events.push({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
    for (const piece of splitIntoChunks(String(block.text)))
      events.push(delta({ type: "text_delta", text: piece }));
  }
  events.push({ type: "content_block_stop", index });
  return events;
}
