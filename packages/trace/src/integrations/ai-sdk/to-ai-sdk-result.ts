import { FALLOM, GEN_AI } from "../../attributes.js";
import type { LlmCallResult } from "../../record/types.js";
import { normaliseAiSdkUsage } from "./normalise-ai-sdk-usage.js";
import { toJsonSafe } from "./to-json-safe.js";
import { type AnyRecord, asRecord, toStringValue } from "./values.js";

/** Which result shape a call produced. */
export type AiSdkResultKind = "text" | "object" | "embedding";

/**
 * The span result of a finished AI SDK call: a `generateText` / `generateObject` / `embed*` result,
 * or the event `streamText` / `streamObject` pass to `onFinish` (the same fields). Usage is
 * `totalUsage ?? usage` (from v5 on `usage` is only the last step). The raw response and the raw
 * `providerMetadata` are content and are built only when `captureContent` is on.
 *
 * @example toAiSdkResult(await generateText(options), "text", "openai", true).usage
 */
export function toAiSdkResult(
  value: unknown,
  kind: AiSdkResultKind,
  provider: string,
  captureContent: boolean,
): LlmCallResult {
  const result = asRecord(value);
  const response = asRecord(result.response);
  const providerMetadata = result.providerMetadata ?? result.experimental_providerMetadata;
  const rawUsage = result.totalUsage ?? result.usage;
  const { usage, reportedCostUsd } = normaliseAiSdkUsage(rawUsage, providerMetadata, provider);
  const finishReason = toStringValue(result.finishReason);
  const attributes: LlmCallResult["attributes"] = {};
  if (kind === "embedding") {
    const first = Array.isArray(result.embedding) ? result.embedding : asArray(result.embeddings)[0];
    if (Array.isArray(first)) attributes[GEN_AI.embeddingsDimensionCount] = first.length;
  }
  if (captureContent && providerMetadata !== undefined) {
    attributes[FALLOM.rawProviderMetadata] = JSON.stringify(toJsonSafe(providerMetadata));
  }
  return {
    responseId: toStringValue(response.id),
    responseModel: toStringValue(response.modelId),
    finishReasons: finishReason ? [finishReason] : undefined,
    usage,
    rawUsage,
    reportedCostUsd,
    attributes,
    rawResponse: kind === "embedding" ? undefined : () => toRawResponse(result, response, kind),
  };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** SPEC §5.3 Vercel text `{text, finishReason, responseId, modelId, toolCalls, toolResults, steps, responseMessages}` or object shape. */
function toRawResponse(result: AnyRecord, response: AnyRecord, kind: AiSdkResultKind): unknown {
  const common = {
    finishReason: result.finishReason,
    responseId: response.id,
    modelId: response.modelId,
  };
  if (kind === "object") return toJsonSafe({ object: result.object, ...common });
  return toJsonSafe({
    text: result.text,
    ...common,
    toolCalls: asArray(result.toolCalls).map((call) => {
      const record = asRecord(call);
      return { toolCallId: record.toolCallId, toolName: record.toolName, args: record.input ?? record.args };
    }),
    toolResults: asArray(result.toolResults).map((toolResult) => {
      const record = asRecord(toolResult);
      return {
        toolCallId: record.toolCallId,
        toolName: record.toolName,
        result: record.output ?? record.result,
      };
    }),
    steps: asArray(result.steps).map((step) => {
      const record = asRecord(step);
      return {
        text: record.text,
        finishReason: record.finishReason,
        responseId: asRecord(record.response).id,
      };
    }),
    responseMessages: response.messages ?? result.responseMessages,
  });
}
