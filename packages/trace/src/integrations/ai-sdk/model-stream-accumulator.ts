import type { ModelOutput } from "./to-model-result.js";
import { asRecord, toStringValue } from "./values.js";

/** Part types of a language model stream that carry content (W9), specs v1 to v3. */
const CONTENT_PARTS = new Set([
  "text-delta",
  "reasoning",
  "reasoning-delta",
  "tool-input-start",
  "tool-call-delta",
  "tool-call",
]);

/**
 * Collects what a `doStream` part stream carried: text, reasoning and tool calls, the response id
 * and model (`response-metadata`), and usage, finish reason and provider metadata (`finish`). An
 * `error` part is remembered so the span can fail with it when the stream ends.
 *
 * @example for (const part of parts) if (accumulator.add(part)) call.markContentChunk();
 */
export class ModelStreamAccumulator {
  readonly output: ModelOutput = { text: "", reasoning: "", toolCalls: [] };
  error: unknown;
  hasError = false;

  /** Adds one part; returns whether it carried content. */
  add(value: unknown): boolean {
    const part = asRecord(value);
    const type = part.type;
    if (type === "text-delta") this.output.text += textOf(part);
    else if (type === "reasoning" || type === "reasoning-delta") this.output.reasoning += textOf(part);
    else if (type === "tool-call") {
      this.output.toolCalls.push({
        toolCallId: toStringValue(part.toolCallId),
        toolName: toStringValue(part.toolName),
        input: part.input ?? part.args,
      });
    } else if (type === "response-metadata") {
      this.output.responseId = toStringValue(part.id) ?? this.output.responseId;
      this.output.modelId = toStringValue(part.modelId) ?? this.output.modelId;
    } else if (type === "finish") {
      this.output.usage = part.usage;
      this.output.finishReason = part.finishReason;
      this.output.providerMetadata = part.providerMetadata;
    } else if (type === "error") {
      this.error = part.error;
      this.hasError = true;
    }
    return typeof type === "string" && CONTENT_PARTS.has(type);
  }
}

/** v2+ parts carry `delta`; v1 parts `textDelta` (and v1 reasoning `textDelta` too). */
function textOf(part: Record<string, unknown>): string {
  const text = part.delta ?? part.textDelta;
  return typeof text === "string" ? text : "";
}
