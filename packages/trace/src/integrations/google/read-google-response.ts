import type { LlmCallResult } from "../../record/types.js";
import { asRecord, isRecord, toStringValue } from "../ai-sdk/values.js";
import { mapGoogleUsage } from "./map-google-usage.js";

function partsOf(candidate: unknown): Record<string, unknown>[] {
  const parts = asRecord(asRecord(candidate).content).parts;
  return Array.isArray(parts) ? parts.filter(isRecord) : [];
}

function candidatesOf(response: unknown): unknown[] {
  const candidates = asRecord(response).candidates;
  return Array.isArray(candidates) ? candidates : [];
}

/**
 * Whether a streamed chunk carries content (W9): a candidate part with text (thoughts included) or
 * a `functionCall`. Usage-only and empty chunks do not count.
 *
 * @example hasGoogleContent({ candidates: [{ content: { parts: [{ text: "Hi" }] } }] }) // true
 */
export function hasGoogleContent(chunk: unknown): boolean {
  return candidatesOf(chunk).some((candidate) =>
    partsOf(candidate).some(
      (part) => (typeof part.text === "string" && part.text !== "") || isRecord(part.functionCall),
    ),
  );
}

/** Collects a Google stream: the chunks' parts per candidate, and the last id, model, reasons and usage. */
export class GoogleStreamAccumulator {
  private readonly parts = new Map<number, Record<string, unknown>[]>();
  private readonly finishReasons = new Map<number, string>();
  private usageMetadata: unknown;
  private responseId: string | undefined;
  private modelVersion: string | undefined;
  /** An in-stream `{error: {code, message}}` chunk (`@google/generative-ai` passes it on as a chunk). */
  streamError: { status?: unknown; message?: unknown } | undefined;

  add(chunk: unknown): void {
    const record = asRecord(chunk);
    if (isRecord(record.error))
      this.streamError = { status: record.error.code, message: record.error.message };
    if (record.usageMetadata != null) this.usageMetadata = record.usageMetadata;
    this.responseId = toStringValue(record.responseId) ?? this.responseId;
    this.modelVersion = toStringValue(record.modelVersion) ?? this.modelVersion;
    candidatesOf(chunk).forEach((candidate, position) => {
      const index =
        typeof asRecord(candidate).index === "number" ? (asRecord(candidate).index as number) : position;
      const list = this.parts.get(index) ?? [];
      list.push(...partsOf(candidate));
      this.parts.set(index, list);
      const reason = toStringValue(asRecord(candidate).finishReason);
      if (reason) this.finishReasons.set(index, reason);
    });
  }

  /** The stream as one response, in the shape `generateContent` returns. */
  toResponse(): Record<string, unknown> {
    const indexes = [...new Set([...this.parts.keys(), ...this.finishReasons.keys()])].sort((a, b) => a - b);
    return {
      candidates: indexes.map((index) => ({
        index,
        content: { role: "model", parts: this.parts.get(index) ?? [] },
        ...(this.finishReasons.has(index) ? { finishReason: this.finishReasons.get(index) } : {}),
      })),
      usageMetadata: this.usageMetadata,
      responseId: this.responseId,
      modelVersion: this.modelVersion,
    };
  }
}

/**
 * The span result of a Google response (a `generateContent` result or an accumulated stream):
 * usage per SPEC §4.2, finish reasons per candidate, and the SPEC §5.3 Google raw response
 * `{text, candidates, finishReason, toolCalls}` (content, built only when captured).
 */
export function toGoogleResult(value: unknown): LlmCallResult {
  const response = asRecord(value);
  const candidates = candidatesOf(response);
  const finishReasons = candidates
    .map((candidate) => toStringValue(asRecord(candidate).finishReason))
    .filter((reason): reason is string => reason !== undefined);
  return {
    responseId: toStringValue(response.responseId),
    responseModel: toStringValue(response.modelVersion),
    finishReasons: finishReasons.length > 0 ? finishReasons : undefined,
    usage: mapGoogleUsage(response.usageMetadata),
    rawUsage: response.usageMetadata ?? undefined,
    rawResponse: () => toRawGoogleResponse(candidates),
  };
}

function toRawGoogleResponse(candidates: unknown[]): unknown {
  const first = partsOf(candidates[0]);
  const text = first
    .filter((part) => typeof part.text === "string" && part.thought !== true)
    .map((part) => part.text as string)
    .join("");
  const toolCalls = first
    .map((part) => asRecord(part.functionCall))
    .filter((call) => typeof call.name === "string")
    .map((call) => ({ name: call.name, arguments: call.args }));
  return {
    text,
    candidates: candidates.map((candidate) => {
      const record = asRecord(candidate);
      return { index: record.index, content: record.content, finishReason: record.finishReason };
    }),
    finishReason: asRecord(candidates[0]).finishReason,
    toolCalls,
  };
}
