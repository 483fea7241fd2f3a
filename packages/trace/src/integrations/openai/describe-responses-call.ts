/** `responses.create`: what the span records at the start and from a response object. */
import type { LlmCallResult, LlmCallStart } from "../../record/types.js";
import { responseDetailAttributes } from "./describe-chat-call.js";
import { mapOpenAIUsage, readReportedCost } from "./map-openai-usage.js";
import type { OpenAIClientInfo } from "./openai-client-info.js";
import { asRecord, asString, isRecord, type Json } from "./openai-shapes.js";
import { toOpenAIRequestParams, toOpenAIToolNames } from "./to-openai-request-params.js";

export const RESPONSES_METHOD = "responses.create";

/** @example describeResponsesStart({ model: "gpt-4o", input: "Hi" }, clientInfo).name // "responses.create" */
export function describeResponsesStart(params: Json, client: OpenAIClientInfo): LlmCallStart {
  return {
    name: RESPONSES_METHOD,
    method: RESPONSES_METHOD,
    operation: "chat",
    provider: client.provider,
    requestModel: asString(params.model),
    serverAddress: client.host,
    stream: params.stream === true,
    requestParams: toOpenAIRequestParams(params),
    toolNames: toOpenAIToolNames(params),
    rawRequest: () => ({
      model: params.model,
      input: params.input,
      instructions: params.instructions,
      tools: params.tools,
      temperature: params.temperature,
      max_output_tokens: params.max_output_tokens,
      top_p: params.top_p,
      store: params.store,
      metadata: params.metadata,
    }),
  };
}

/**
 * The span result of a Responses `response` object (a body, or the `response` of
 * `response.completed` / `response.incomplete` / `response.failed`).
 *
 * @example toResponsesResult(await client.responses.create(params)).finishReasons // ["completed"]
 */
export function toResponsesResult(body: unknown): LlmCallResult {
  const response = asRecord(body);
  const status = asString(response.status);
  const incompleteReason = asString(asRecord(response.incomplete_details).reason);
  const finishReason = incompleteReason ?? status;
  const responseId = asString(response.id);
  const model = asString(response.model);
  return {
    responseId,
    responseModel: model,
    finishReasons: finishReason ? [finishReason] : undefined,
    usage: mapOpenAIUsage(response.usage),
    rawUsage: response.usage ?? undefined,
    reportedCostUsd: readReportedCost(response.usage),
    attributes: responseDetailAttributes(response),
    rawResponse: () => ({
      responseId,
      model,
      status,
      output: Array.isArray(response.output) ? response.output : [],
      text: outputTextOf(response),
    }),
  };
}

/** The concatenated `output_text` parts (the SDK's `output_text` helper when present). */
function outputTextOf(response: Json): string {
  if (typeof response.output_text === "string") return response.output_text;
  const texts: string[] = [];
  for (const item of Array.isArray(response.output) ? response.output : []) {
    if (!isRecord(item) || item.type !== "message" || !Array.isArray(item.content)) continue;
    for (const part of item.content) {
      if (isRecord(part) && part.type === "output_text" && typeof part.text === "string")
        texts.push(part.text);
    }
  }
  return texts.join("");
}
