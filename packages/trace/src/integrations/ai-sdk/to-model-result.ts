import { FALLOM } from "../../attributes.js";
import type { LlmCallResult } from "../../record/types.js";
import { normaliseAiSdkUsage } from "./normalise-ai-sdk-usage.js";
import { toJsonSafe } from "./to-json-safe.js";
import { type AnyRecord, asRecord, toStringValue } from "./values.js";

/** A model's output, provider-neutral: what a `doGenerate` result or a `doStream` part stream held. */
export interface ModelOutput {
  text: string;
  reasoning: string;
  toolCalls: Array<{ toolCallId?: string; toolName?: string; input: unknown }>;
  finishReason?: unknown;
  usage?: unknown;
  providerMetadata?: unknown;
  responseId?: string;
  modelId?: string;
}

/**
 * Reads a `doGenerate` result of any language model specification: v1 (`text`, `toolCalls` with
 * `args`), v2+ (`content` parts, tool calls with `input`).
 */
export function readGenerateOutput(value: unknown): ModelOutput {
  const result = asRecord(value);
  const response = asRecord(result.response);
  const output: ModelOutput = {
    text: "",
    reasoning: "",
    toolCalls: [],
    finishReason: result.finishReason,
    usage: result.usage,
    providerMetadata: result.providerMetadata,
    responseId: toStringValue(response.id),
    modelId: toStringValue(response.modelId),
  };
  if (Array.isArray(result.content)) {
    for (const part of result.content) addPart(output, asRecord(part));
  } else {
    output.text = typeof result.text === "string" ? result.text : "";
    output.reasoning = typeof result.reasoning === "string" ? result.reasoning : "";
    if (Array.isArray(result.toolCalls)) {
      for (const call of result.toolCalls) addPart(output, { type: "tool-call", ...asRecord(call) });
    }
  }
  return output;
}

function addPart(output: ModelOutput, part: AnyRecord): void {
  if (part.type === "text" && typeof part.text === "string") output.text += part.text;
  else if (part.type === "reasoning" && typeof part.text === "string") output.reasoning += part.text;
  else if (part.type === "tool-call") {
    output.toolCalls.push({
      toolCallId: toStringValue(part.toolCallId),
      toolName: toStringValue(part.toolName),
      input: part.input ?? part.args,
    });
  }
}

/** Spec v3+ reports `{unified, raw}`; earlier specs a string. The unified value is kept, as `generateText` reports it. */
export function readFinishReason(value: unknown): string | undefined {
  return typeof value === "string" ? value : toStringValue(asRecord(value).unified);
}

/**
 * The span result of a traced model call. The raw response (SPEC §5.3 Vercel shape, with the
 * output as one assistant message) and the raw provider metadata are content.
 */
export function toModelResult(output: ModelOutput, provider: string, captureContent: boolean): LlmCallResult {
  const { usage, reportedCostUsd } = normaliseAiSdkUsage(output.usage, output.providerMetadata, provider);
  const finishReason = readFinishReason(output.finishReason);
  return {
    responseId: output.responseId,
    responseModel: output.modelId,
    finishReasons: finishReason ? [finishReason] : undefined,
    usage,
    rawUsage: output.usage,
    reportedCostUsd,
    attributes:
      captureContent && output.providerMetadata !== undefined
        ? { [FALLOM.rawProviderMetadata]: JSON.stringify(toJsonSafe(output.providerMetadata)) }
        : undefined,
    rawResponse: () => toRawModelResponse(output, finishReason),
  };
}

function toRawModelResponse(output: ModelOutput, finishReason: string | undefined): unknown {
  const toolCalls = output.toolCalls.map((call) => ({
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    args: parseJson(call.input),
  }));
  const content: AnyRecord[] = [];
  if (output.reasoning) content.push({ type: "reasoning", text: output.reasoning });
  if (output.text) content.push({ type: "text", text: output.text });
  for (const call of toolCalls) {
    content.push({
      type: "tool-call",
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      input: call.args,
    });
  }
  return toJsonSafe({
    text: output.text,
    finishReason,
    responseId: output.responseId,
    modelId: output.modelId,
    toolCalls,
    responseMessages: [{ role: "assistant", content }],
  });
}

/** Models send tool input as a JSON string; the raw response carries it parsed when it parses. */
function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
