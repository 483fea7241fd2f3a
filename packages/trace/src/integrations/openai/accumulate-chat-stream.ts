/** SPEC §2.5.1 chat streaming rule 2: what the span learns from `chat.completion.chunk`s. */
import type { LlmCallResult } from "../../record/types.js";
import { finishReasonsOf, responseDetailAttributes } from "./describe-chat-call.js";
import { mapOpenAIUsage, readReportedCost } from "./map-openai-usage.js";
import { asRecord, asString, type ChatChoiceSummary, isRecord, type Json } from "./openai-shapes.js";
import { toChatRawResponse } from "./to-chat-raw-response.js";

/** What one chunk meant for the caller and for TTFT. */
export interface ChatChunkVerdict {
  /** W9: the chunk carries text, refusal, reasoning or a tool-call delta. */
  readonly hasContent: boolean;
  /** Rule 3: the usage-only chunk (`choices: []` with usage). */
  readonly isUsageOnly: boolean;
}

const VERDICTS: readonly ChatChunkVerdict[] = [
  { hasContent: false, isUsageOnly: false },
  { hasContent: true, isUsageOnly: false },
  { hasContent: false, isUsageOnly: true },
  { hasContent: true, isUsageOnly: true },
];

/** Shared immutable verdicts: nothing is allocated per chunk. */
function verdict(hasContent: boolean, isUsageOnly: boolean): ChatChunkVerdict {
  return VERDICTS[(hasContent ? 1 : 0) + (isUsageOnly ? 2 : 0)] as ChatChunkVerdict;
}

/**
 * Accumulates, per choice index, the text, refusal, reasoning, tool calls (by `index`,
 * concatenating `function.arguments`) and finish reason; keeps `id`, `model` and the last
 * non-null `usage`.
 *
 * @example
 * const accumulator = new ChatStreamAccumulator();
 * for await (const chunk of stream) accumulator.add(chunk);
 * call.end(accumulator.result());
 */
export class ChatStreamAccumulator {
  readonly #choices = new Map<number, ChatChoiceSummary>();
  /**
   * Text deltas per choice index, joined in `result()`. A `+=` per chunk would leave a rope of
   * ~100 small strings per stream alive until export, which the young-generation GC then copies
   * on every scavenge; joined, one flat string survives.
   */
  readonly #textParts = new Map<number, string[]>();
  #id: string | undefined;
  #model: string | undefined;
  #usage: unknown;
  #details: Json = {};

  add(chunk: unknown): ChatChunkVerdict {
    if (!isRecord(chunk)) return verdict(false, false);
    this.#id ??= asString(chunk.id);
    this.#model ??= asString(chunk.model);
    if (chunk.system_fingerprint != null) this.#details.system_fingerprint = chunk.system_fingerprint;
    if (chunk.service_tier != null) this.#details.service_tier = chunk.service_tier;
    if (chunk.usage != null) this.#usage = chunk.usage;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    let hasContent = false;
    for (const choice of choices) {
      if (isRecord(choice) && this.#addChoiceDelta(choice)) hasContent = true;
    }
    return verdict(hasContent, choices.length === 0 && chunk.usage != null);
  }

  result(): LlmCallResult {
    for (const [index, parts] of this.#textParts) {
      const summary = this.#choices.get(index);
      if (summary && parts.length > 0) summary.text += parts.join("");
      parts.length = 0;
    }
    const summaries = [...this.#choices.values()].sort((a, b) => a.index - b.index);
    const responseId = this.#id;
    const model = this.#model;
    return {
      responseId,
      responseModel: model,
      finishReasons: finishReasonsOf(summaries),
      usage: mapOpenAIUsage(this.#usage),
      rawUsage: this.#usage ?? undefined,
      reportedCostUsd: readReportedCost(this.#usage),
      attributes: responseDetailAttributes(this.#details),
      rawResponse: () => toChatRawResponse(summaries, responseId, model),
    };
  }

  #addChoiceDelta(choice: Json): boolean {
    const index = typeof choice.index === "number" ? choice.index : 0;
    let summary = this.#choices.get(index);
    if (!summary) {
      summary = { index, text: "", toolCalls: [] };
      this.#choices.set(index, summary);
      this.#textParts.set(index, []);
    }
    const finishReason = asString(choice.finish_reason);
    if (finishReason) summary.finishReason = finishReason;
    const delta = asRecord(choice.delta);
    let hasContent = false;
    const content = asString(delta.content);
    if (content) {
      this.#textParts.get(index)?.push(content);
      hasContent = true;
    }
    const refusal = asString(delta.refusal);
    if (refusal) {
      summary.refusal = (summary.refusal ?? "") + refusal;
      hasContent = true;
    }
    const reasoning = asString(delta.reasoning) ?? asString(delta.reasoning_content);
    if (reasoning) {
      summary.reasoning = (summary.reasoning ?? "") + reasoning;
      hasContent = true;
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) {
        if (isRecord(call)) {
          this.#addToolCallDelta(summary, call);
          hasContent = true;
        }
      }
    }
    if (isRecord(delta.function_call)) {
      summary.functionCall ??= { arguments: "" };
      summary.functionCall.name ??= asString(delta.function_call.name);
      summary.functionCall.arguments += asString(delta.function_call.arguments) ?? "";
      hasContent = true;
    }
    return hasContent;
  }

  #addToolCallDelta(summary: ChatChoiceSummary, call: Json): void {
    const position = typeof call.index === "number" ? call.index : summary.toolCalls.length;
    let entry = summary.toolCalls[position];
    if (!entry) {
      entry = { function: { arguments: "" } };
      summary.toolCalls[position] = entry;
    }
    entry.id ??= asString(call.id);
    entry.type ??= asString(call.type);
    const fn = asRecord(call.function);
    entry.function.name ??= asString(fn.name);
    entry.function.arguments += asString(fn.arguments) ?? "";
  }
}
