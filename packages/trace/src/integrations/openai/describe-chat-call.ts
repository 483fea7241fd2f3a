/** `chat.completions.create`: what the span records at the start and from a (non-streamed) body. */
import { OPENAI } from "../../attributes.js";
import type { LlmCallResult, LlmCallStart } from "../../record/types.js";
import { mapOpenAIUsage, readReportedCost } from "./map-openai-usage.js";
import type { OpenAIClientInfo } from "./openai-client-info.js";
import { asRecord, asString, type ChatChoiceSummary, isRecord, type Json } from "./openai-shapes.js";
import { toChatRawResponse } from "./to-chat-raw-response.js";
import { toOpenAIRequestParams, toOpenAIToolNames } from "./to-openai-request-params.js";

export const CHAT_METHOD = "chat.completions.create";

/**
 * @example describeChatStart({ model: "gpt-4o", messages }, { provider: "openai", host: "api.openai.com" })
 */
export function describeChatStart(params: Json, client: OpenAIClientInfo): LlmCallStart {
  return {
    name: CHAT_METHOD,
    method: CHAT_METHOD,
    operation: "chat",
    provider: client.provider,
    requestModel: asString(params.model),
    serverAddress: client.host,
    stream: params.stream === true,
    requestParams: toOpenAIRequestParams(params),
    toolNames: toOpenAIToolNames(params),
    rawRequest: () => ({
      messages: params.messages,
      model: params.model,
      tools: params.tools,
      tool_choice: params.tool_choice,
      functions: params.functions,
      function_call: params.function_call,
    }),
  };
}

/**
 * The span result of a chat completion body. Tool-call arguments appear only inside the gated
 * `rawResponse`.
 *
 * @example toChatResult(await client.chat.completions.create(params)).usage?.inputTokens
 */
export function toChatResult(body: unknown): LlmCallResult {
  const completion = asRecord(body);
  const choices = Array.isArray(completion.choices) ? completion.choices : [];
  const summaries = choices.filter(isRecord).map(toChoiceSummary);
  const responseId = asString(completion.id);
  const model = asString(completion.model);
  return {
    responseId,
    responseModel: model,
    finishReasons: finishReasonsOf(summaries),
    usage: mapOpenAIUsage(completion.usage),
    rawUsage: completion.usage ?? undefined,
    reportedCostUsd: readReportedCost(completion.usage),
    attributes: responseDetailAttributes(completion),
    rawResponse: () => toChatRawResponse(summaries, responseId, model),
  };
}

/** `system_fingerprint` and `service_tier` of a chat body or chunk. */
export function responseDetailAttributes(body: Json): Record<string, string | undefined> {
  return {
    [OPENAI.responseSystemFingerprint]: asString(body.system_fingerprint),
    [OPENAI.responseServiceTier]: asString(body.service_tier),
  };
}

export function finishReasonsOf(summaries: ChatChoiceSummary[]): string[] | undefined {
  const reasons: string[] = [];
  for (const choice of summaries) {
    if (choice.finishReason) reasons.push(choice.finishReason);
  }
  return reasons.length > 0 ? reasons : undefined;
}

function toChoiceSummary(choice: Json, position: number): ChatChoiceSummary {
  const message = asRecord(choice.message);
  const summary: ChatChoiceSummary = {
    index: typeof choice.index === "number" ? choice.index : position,
    text: asString(message.content) ?? "",
    toolCalls: Array.isArray(message.tool_calls)
      ? message.tool_calls.filter(isRecord).map((call) => ({
          id: asString(call.id),
          type: asString(call.type),
          function: {
            name: asString(asRecord(call.function).name),
            arguments: asString(asRecord(call.function).arguments) ?? "",
          },
        }))
      : [],
  };
  const refusal = asString(message.refusal);
  if (refusal !== undefined) summary.refusal = refusal;
  const reasoning = asString(message.reasoning) ?? asString(message.reasoning_content);
  if (reasoning !== undefined) summary.reasoning = reasoning;
  if (isRecord(message.function_call)) {
    summary.functionCall = {
      name: asString(message.function_call.name),
      arguments: asString(message.function_call.arguments) ?? "",
    };
  }
  const finishReason = asString(choice.finish_reason);
  if (finishReason) summary.finishReason = finishReason;
  return summary;
}
