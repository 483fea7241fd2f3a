import { countTokens, truncateToTokens } from "../../domain/count-tokens.js";
import { isOpenAIReasoningModel } from "../../domain/is-reasoning-model.js";
import { mockReasoningText, STREAM_CHUNK_COUNT, splitIntoChunks } from "../../domain/mock-text.js";
import { type Conversation, planTurn } from "../../domain/plan-turn.js";
import { EventStream } from "../../http/event-stream.js";
import type { MockExchange } from "../../http/mock-exchange.js";
import { MockRequestError } from "../../http/mock-request-error.js";
import { sendJson } from "../../http/send-json.js";
import {
  asInteger,
  asString,
  isJsonObject,
  type JsonObject,
  requireJsonObject,
  unixSeconds,
} from "../json-fields.js";
import {
  type OpenRouterMode,
  openRouterModeOf,
  openRouterProviderOf,
  withOpenRouterAccounting,
} from "./openrouter-flavour.js";
import { toChatConversation } from "./to-chat-conversation.js";
import { toOpenAIError } from "./to-openai-error.js";

const MAX_CHOICES = 16;

interface ChoiceResult {
  index: number;
  kind: "text" | "refusal" | "tool_calls";
  text: string;
  toolCalls: { id: string; name: string; argumentsJson: string }[];
  finishReason: "stop" | "length" | "tool_calls";
  completionTokens: number;
  reasoningTokens: number;
}

/**
 * `POST /v1/chat/completions`: a `chat.completion`, or with `stream: true` a stream of
 * `chat.completion.chunk`s ending in `data: [DONE]`, with the usage-only chunk (`choices: []`)
 * exactly when `stream_options.include_usage` is true (always for the OpenRouter flavour).
 */
export async function handleChatCompletions(exchange: MockExchange): Promise<void> {
  const body = requireJsonObject(exchange.body);
  checkStreamOptions(exchange, body);
  const model = asString(body.model) ?? "gpt-4o-mini";
  const conversation = toChatConversation(body);
  const choiceCount = Math.min(Math.max(asInteger(body.n) ?? 1, 1), MAX_CHOICES);
  const maxTokens = asInteger(body.max_completion_tokens) ?? asInteger(body.max_tokens);
  const reasoning = isOpenAIReasoningModel(model);
  const choices = Array.from({ length: choiceCount }, (_, index) =>
    toChoiceResult(exchange, conversation, index, maxTokens, reasoning),
  );
  const openRouter = openRouterModeOf(body, exchange.behaviour);
  const usage = chatUsage(body, conversation, choices, openRouter);
  const head: JsonObject = {
    id: exchange.ids.next(openRouter ? "gen-mock" : "chatcmpl-mock"),
    created: unixSeconds(),
    model,
    ...(openRouter ? { provider: openRouterProviderOf(model) } : {}),
    service_tier: "default",
    system_fingerprint: "fp_mock",
  };
  const headers = { "x-request-id": exchange.ids.next("req_mock") };
  if (body.stream === true) {
    const streamOptions = isJsonObject(body.stream_options) ? body.stream_options : {};
    const includeUsage = streamOptions.include_usage === true || openRouter !== undefined;
    await streamChatCompletion(
      exchange,
      head,
      choices,
      includeUsage ? usage : undefined,
      headers,
      openRouter,
    );
    return;
  }
  await sendJson(
    exchange,
    200,
    {
      id: head.id,
      object: "chat.completion",
      ...head,
      choices: choices.map((choice) => ({
        index: choice.index,
        message: toMessage(choice),
        logprobs: null,
        finish_reason: choice.finishReason,
        ...(openRouter ? { native_finish_reason: choice.finishReason } : {}),
      })),
      usage,
    },
    headers,
  );
}

/** The real API rejects `stream_options` without `stream`; `x-mock-reject-stream-options` always does. */
function checkStreamOptions(exchange: MockExchange, body: JsonObject): void {
  if (body.stream_options === undefined || body.stream_options === null) return;
  if (exchange.request.headers["x-mock-reject-stream-options"] !== undefined) {
    throw new MockRequestError(400, "Unrecognized request argument supplied: stream_options");
  }
  if (body.stream !== true) {
    throw new MockRequestError(
      400,
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
    );
  }
}

function toChoiceResult(
  exchange: MockExchange,
  conversation: Conversation,
  index: number,
  maxTokens: number | undefined,
  reasoning: boolean,
): ChoiceResult {
  const plan = planTurn(conversation, index);
  const reasoningTokens = reasoning ? countTokens(mockReasoningText(conversation.lastUserText)) : 0;
  if (plan.kind === "tool_calls") {
    const toolCalls = plan.calls.map((call) => ({
      id: exchange.ids.next("call_mock"),
      name: call.name,
      argumentsJson: call.argumentsJson,
    }));
    const tokens = toolCalls.reduce((sum, call) => sum + countTokens(call.name + call.argumentsJson), 0);
    return {
      index,
      kind: "tool_calls",
      text: "",
      toolCalls,
      finishReason: "tool_calls",
      completionTokens: tokens + reasoningTokens,
      reasoningTokens,
    };
  }
  const planned = padToStreamChunks(plan.text, exchange.behaviour.streamChunks);
  const { text, truncated } =
    maxTokens === undefined ? { text: planned, truncated: false } : truncateToTokens(planned, maxTokens);
  return {
    index,
    kind: plan.kind,
    text,
    toolCalls: [],
    finishReason: truncated ? "length" : "stop",
    completionTokens: countTokens(text) + reasoningTokens,
    reasoningTokens,
  };
}

function chatUsage(
  body: JsonObject,
  conversation: Conversation,
  choices: ChoiceResult[],
  openRouter: OpenRouterMode,
): JsonObject {
  const promptTokens = countTokens(conversation.promptText);
  const completionTokens = choices.reduce((sum, choice) => sum + choice.completionTokens, 0);
  const cached =
    body.prompt_cache_key !== undefined || promptTokens >= 1024 ? Math.floor(promptTokens / 2) : 0;
  const usage: JsonObject = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: choices.reduce((sum, choice) => sum + choice.reasoningTokens, 0),
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  return openRouter ? withOpenRouterAccounting(usage, openRouter) : usage;
}

function toMessage(choice: ChoiceResult): JsonObject {
  const message: JsonObject = {
    role: "assistant",
    content: choice.kind === "text" ? choice.text : null,
    refusal: choice.kind === "refusal" ? choice.text : null,
    annotations: [],
  };
  if (choice.kind === "tool_calls") {
    message.tool_calls = choice.toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.argumentsJson },
    }));
  }
  return message;
}

async function streamChatCompletion(
  exchange: MockExchange,
  head: JsonObject,
  choices: ChoiceResult[],
  usage: JsonObject | undefined,
  headers: Record<string, string>,
  openRouter: OpenRouterMode,
): Promise<void> {
  const stream = await EventStream.open(exchange, {
    headers,
    failure: () => ({ data: toOpenAIError(500, "The server had an error while streaming the response") }),
  });
  if (openRouter) stream.sendComment("OPENROUTER PROCESSING");
  const chunk = (choice: JsonObject[]): JsonObject => ({
    id: head.id,
    object: "chat.completion.chunk",
    ...head,
    choices: choice,
    ...(usage ? { usage: null } : {}),
  });
  const perChoice = choices.map((choice) => toChoiceDeltas(choice, exchange.behaviour.streamChunks));
  const rounds = Math.max(...perChoice.map((deltas) => deltas.length));
  for (let round = 0; round < rounds; round++) {
    for (const deltas of perChoice) {
      const delta = deltas[round];
      if (delta !== undefined && !(await stream.send(chunk([delta])))) return;
    }
  }
  if (usage && !(await stream.send({ ...chunk([]), usage }))) return;
  await stream.sendDone();
  stream.end();
}

/** The `choices[]` entries one choice streams: role, content pieces, finish. */
function toChoiceDeltas(choice: ChoiceResult, textChunks = STREAM_CHUNK_COUNT): JsonObject[] {
  const entry = (delta: JsonObject, finishReason: string | null = null): JsonObject => ({
    index: choice.index,
    delta,
    logprobs: null,
    finish_reason: finishReason,
  });
  const deltas: JsonObject[] = [];
  if (choice.kind === "tool_calls") {
    choice.toolCalls.forEach((call, callIndex) => {
      const opening = {
        index: callIndex,
        id: call.id,
        type: "function",
        function: { name: call.name, arguments: "" },
      };
      deltas.push(
        entry(
          callIndex === 0
            ? { role: "assistant", content: null, tool_calls: [opening], refusal: null }
            : { tool_calls: [opening] },
        ),
      );
      for (const piece of splitIntoChunks(call.argumentsJson)) {
        deltas.push(entry({ tool_calls: [{ index: callIndex, function: { arguments: piece } }] }));
      }
    });
  } else {
    const field = choice.kind === "refusal" ? "refusal" : "content";
    deltas.push(
      entry(
        field === "refusal"
          ? { role: "assistant", content: null, refusal: "" }
          : { role: "assistant", content: "", refusal: null },
      ),
    );
    for (const piece of splitIntoChunks(choice.text, textChunks)) deltas.push(entry({ [field]: piece }));
  }
  deltas.push(entry({}, choice.finishReason));
  return deltas;
}

/**
 * With `x-mock-stream-chunks: n` the reply is lengthened (" lorem" words) until it has at least n code
 * points, so a stream can carry exactly n content chunks (SDK overhead benchmarks use 100).
 */
function padToStreamChunks(text: string, streamChunks: number | undefined): string {
  if (streamChunks === undefined) return text;
  let padded = text;
  while (Array.from(padded).length < streamChunks) padded += " lorem";
  return padded;
}
