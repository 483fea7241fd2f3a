import { countTokens, truncateToTokens } from "../../domain/count-tokens.js";
import { isOpenAIReasoningModel } from "../../domain/is-reasoning-model.js";
import { mockReasoningText, splitIntoChunks } from "../../domain/mock-text.js";
import { planTurn } from "../../domain/plan-turn.js";
import { EventStream } from "../../http/event-stream.js";
import type { MockExchange } from "../../http/mock-exchange.js";
import { sendJson } from "../../http/send-json.js";
import {
  asInteger,
  asString,
  isJsonObject,
  type JsonObject,
  requireJsonObject,
  unixSeconds,
} from "../json-fields.js";
import { toResponsesConversation } from "./to-responses-conversation.js";

type OutputItem = JsonObject & { id: string; type: string };

/**
 * `POST /v1/responses`: a `response` object, or with `stream: true` the typed SSE events
 * (`response.created`, `response.in_progress`, `response.output_item.added`,
 * `response.output_text.delta`…, `response.completed` / `response.incomplete`).
 * Reasoning models (o-series, gpt-5) add a `reasoning` item, with a summary when `reasoning.summary`
 * is set; `max_output_tokens` below the reply's size gives status `incomplete`.
 */
export async function handleResponses(exchange: MockExchange): Promise<void> {
  const body = requireJsonObject(exchange.body);
  const model = asString(body.model) ?? "gpt-4o-mini";
  const conversation = toResponsesConversation(body);
  const plan = planTurn(conversation);
  const reasoning = isOpenAIReasoningModel(model);
  const reasoningText = mockReasoningText(conversation.lastUserText);
  const reasoningTokens = reasoning ? countTokens(reasoningText) : 0;
  const wantsSummary = isJsonObject(body.reasoning) && typeof body.reasoning.summary === "string";
  const output: OutputItem[] = [];
  if (reasoning) {
    output.push({
      id: exchange.ids.next("rs_mock"),
      type: "reasoning",
      summary: wantsSummary ? [{ type: "summary_text", text: reasoningText }] : [],
    });
  }
  let outputTokens = reasoningTokens;
  let truncated = false;
  if (plan.kind === "tool_calls") {
    for (const call of plan.calls) {
      outputTokens += countTokens(call.name + call.argumentsJson);
      output.push({
        id: exchange.ids.next("fc_mock"),
        type: "function_call",
        status: "completed",
        arguments: call.argumentsJson,
        call_id: exchange.ids.next("call_mock"),
        name: call.name,
      });
    }
  } else {
    const maxTokens = asInteger(body.max_output_tokens);
    const cut =
      maxTokens === undefined
        ? { text: plan.text, truncated: false }
        : truncateToTokens(plan.text, maxTokens);
    truncated = cut.truncated;
    outputTokens += countTokens(cut.text);
    output.push({
      id: exchange.ids.next("msg_mock"),
      type: "message",
      status: truncated ? "incomplete" : "completed",
      role: "assistant",
      content: [
        plan.kind === "refusal"
          ? { type: "refusal", refusal: cut.text }
          : { type: "output_text", text: cut.text, annotations: [], logprobs: [] },
      ],
    });
  }
  const inputTokens = countTokens(conversation.promptText);
  const cached = body.prompt_cache_key !== undefined || inputTokens >= 1024 ? Math.floor(inputTokens / 2) : 0;
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
  const response = toResponseObject(body, model, exchange.ids.next("resp_mock"), unixSeconds());
  const final = {
    ...response,
    status: truncated ? "incomplete" : "completed",
    incomplete_details: truncated ? { reason: "max_output_tokens" } : null,
    output,
    usage,
  };
  const headers = { "x-request-id": exchange.ids.next("req_mock") };
  if (body.stream === true) {
    await streamResponse(exchange, response, final, headers);
    return;
  }
  await sendJson(exchange, 200, final, headers);
}

function toResponseObject(body: JsonObject, model: string, id: string, createdAt: number): JsonObject {
  const requestedReasoning = isJsonObject(body.reasoning) ? body.reasoning : {};
  return {
    id,
    object: "response",
    created_at: createdAt,
    status: "in_progress",
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model,
    output: [],
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: requestedReasoning.effort ?? null, summary: requestedReasoning.summary ?? null },
    service_tier: "default",
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? "disabled",
    usage: null,
    user: null,
    metadata: body.metadata ?? {},
  };
}

async function streamResponse(
  exchange: MockExchange,
  inProgress: JsonObject,
  final: JsonObject & { status: string; output: OutputItem[] },
  headers: Record<string, string>,
): Promise<void> {
  let sequence = 0;
  const event = (type: string, payload: JsonObject) => ({ type, ...payload, sequence_number: sequence++ });
  const stream = await EventStream.open(exchange, {
    headers,
    failure: () => ({
      event: "response.failed",
      data: event("response.failed", {
        response: {
          ...inProgress,
          status: "failed",
          error: { code: "server_error", message: "The server had an error while streaming the response" },
        },
      }),
    }),
  });
  const events: JsonObject[] = [
    event("response.created", { response: inProgress }),
    event("response.in_progress", { response: inProgress }),
  ];
  final.output.forEach((item, outputIndex) => {
    events.push(...itemEvents(item, outputIndex, event));
  });
  const closing = final.status === "incomplete" ? "response.incomplete" : "response.completed";
  events.push(event(closing, { response: final }));
  for (const data of events) {
    if (!(await stream.send(data, String(data.type)))) return;
  }
  stream.end();
}

type MakeEvent = (type: string, payload: JsonObject) => JsonObject;

function itemEvents(item: OutputItem, outputIndex: number, event: MakeEvent): JsonObject[] {
  const ids = { item_id: item.id, output_index: outputIndex };
  if (item.type === "reasoning") {
    const summary = (item.summary as { type: string; text: string }[])[0];
    const events = [
      event("response.output_item.added", { output_index: outputIndex, item: { ...item, summary: [] } }),
    ];
    if (summary) {
      const part = { ...ids, summary_index: 0 };
      events.push(
        event("response.reasoning_summary_part.added", { ...part, part: { type: "summary_text", text: "" } }),
      );
      for (const delta of splitIntoChunks(summary.text)) {
        events.push(event("response.reasoning_summary_text.delta", { ...part, delta }));
      }
      events.push(event("response.reasoning_summary_text.done", { ...part, text: summary.text }));
      events.push(event("response.reasoning_summary_part.done", { ...part, part: summary }));
    }
    events.push(event("response.output_item.done", { output_index: outputIndex, item }));
    return events;
  }
  if (item.type === "function_call") {
    const args = String(item.arguments);
    return [
      event("response.output_item.added", {
        output_index: outputIndex,
        item: { ...item, status: "in_progress", arguments: "" },
      }),
      ...splitIntoChunks(args).map((delta) =>
        event("response.function_call_arguments.delta", { ...ids, delta }),
      ),
      event("response.function_call_arguments.done", { ...ids, name: item.name, arguments: args }),
      event("response.output_item.done", { output_index: outputIndex, item }),
    ];
  }
  const part = (item.content as JsonObject[])[0] ?? {};
  const refusal = part.type === "refusal";
  const text = String(refusal ? part.refusal : part.text);
  const at = { ...ids, content_index: 0 };
  const emptyPart = refusal
    ? { type: "refusal", refusal: "" }
    : { type: "output_text", text: "", annotations: [], logprobs: [] };
  return [
    event("response.output_item.added", {
      output_index: outputIndex,
      item: { ...item, status: "in_progress", content: [] },
    }),
    event("response.content_part.added", { ...at, part: emptyPart }),
    ...splitIntoChunks(text).map((delta) =>
      refusal
        ? event("response.refusal.delta", { ...at, delta })
        : event("response.output_text.delta", { ...at, delta, logprobs: [] }),
    ),
    refusal
      ? event("response.refusal.done", { ...at, refusal: text })
      : event("response.output_text.done", { ...at, text, logprobs: [] }),
    event("response.content_part.done", { ...at, part }),
    event("response.output_item.done", { output_index: outputIndex, item }),
  ];
}
