import { countTokens, truncateToTokens } from "../../domain/count-tokens.js";
import { mockReasoningText, splitIntoChunks } from "../../domain/mock-text.js";
import { planTurn } from "../../domain/plan-turn.js";
import { EventStream } from "../../http/event-stream.js";
import type { MockExchange } from "../../http/mock-exchange.js";
import { sendJson } from "../../http/send-json.js";
import { asInteger, isJsonObject, type JsonObject, requireJsonObject } from "../json-fields.js";
import { toGoogleConversation } from "./to-google-conversation.js";
import { toGoogleError } from "./to-google-error.js";

const MAX_CANDIDATES = 8;

interface CandidateResult {
  index: number;
  /** Parts in stream order; each inner array is one streamed chunk's parts. */
  chunks: JsonObject[][];
  finishReason: "STOP" | "MAX_TOKENS" | "SAFETY";
  tokens: number;
}

/**
 * `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent` (SSE with `?alt=sse`,
 * otherwise a streamed JSON array). Thinking (a `thinkingConfig` with a non-zero budget, or a
 * gemini-2.5 pro/flash or gemini-3 model) reports `thoughtsTokenCount`, and with `includeThoughts`
 * sends `thought: true` parts first. `cachedContent` reports half the prompt as
 * `cachedContentTokenCount`. "please refuse" gives a `SAFETY` finish without content.
 */
export async function handleGenerateContent(exchange: MockExchange, streaming: boolean): Promise<void> {
  const body = requireJsonObject(exchange.body);
  const model = exchange.params[0] ?? "gemini-2.0-flash";
  const conversation = toGoogleConversation(body);
  const config = isJsonObject(body.generationConfig) ? body.generationConfig : {};
  const thinkingConfig = isJsonObject(config.thinkingConfig) ? config.thinkingConfig : undefined;
  const thinks = thinkingConfig
    ? thinkingConfig.thinkingBudget !== 0
    : /gemini-(2\.5-(pro|flash)(?!-lite)|3)/.test(model);
  const reasoningText = mockReasoningText(conversation.lastUserText);
  const thoughtsTokens = thinks ? countTokens(reasoningText) : 0;
  const includeThoughts = thinks && thinkingConfig?.includeThoughts === true;
  const candidateCount = Math.min(Math.max(asInteger(config.candidateCount) ?? 1, 1), MAX_CANDIDATES);
  const maxTokens = asInteger(config.maxOutputTokens);
  const candidates: CandidateResult[] = Array.from({ length: candidateCount }, (_, index) => {
    const plan = planTurn(conversation, index);
    const thoughtChunks = includeThoughts
      ? splitIntoChunks(reasoningText).map((text) => [{ text, thought: true }])
      : [];
    if (plan.kind === "refusal") return { index, chunks: [], finishReason: "SAFETY", tokens: 0 };
    if (plan.kind === "tool_calls") {
      const parts = plan.calls.map((call) => ({ functionCall: { name: call.name, args: call.arguments } }));
      const tokens = plan.calls.reduce((sum, call) => sum + countTokens(call.name + call.argumentsJson), 0);
      return { index, chunks: [...thoughtChunks, parts], finishReason: "STOP", tokens };
    }
    const cut =
      maxTokens === undefined
        ? { text: plan.text, truncated: false }
        : truncateToTokens(plan.text, maxTokens);
    const textChunks = splitIntoChunks(cut.text).map((text) => [{ text }]);
    return {
      index,
      chunks: [...thoughtChunks, ...textChunks],
      finishReason: cut.truncated ? "MAX_TOKENS" : "STOP",
      tokens: countTokens(cut.text),
    };
  });
  const promptTokens = countTokens(conversation.promptText);
  const candidatesTokens = candidates.reduce((sum, candidate) => sum + candidate.tokens, 0);
  const promptDetails = [{ modality: "TEXT", tokenCount: promptTokens }];
  const usageMetadata: JsonObject = {
    promptTokenCount: promptTokens,
    candidatesTokenCount: candidatesTokens,
    totalTokenCount: promptTokens + candidatesTokens + thoughtsTokens,
    promptTokensDetails: promptDetails,
    ...(thinks ? { thoughtsTokenCount: thoughtsTokens } : {}),
    ...(body.cachedContent === undefined ? {} : { cachedContentTokenCount: Math.floor(promptTokens / 2) }),
  };
  const tail = { modelVersion: model, responseId: exchange.ids.next("mock-response-") };
  if (!streaming) {
    await sendJson(exchange, 200, {
      candidates: candidates.map((candidate) =>
        toCandidate(candidate, candidate.chunks.flat(), candidate.finishReason),
      ),
      usageMetadata,
      ...tail,
    });
    return;
  }
  const stream = await EventStream.open(exchange, {
    framing: exchange.url.searchParams.get("alt") === "sse" ? "sse" : "json-array",
    failure: () => ({
      data: toGoogleError(500, "An internal error has occurred while streaming the response"),
    }),
  });
  const rounds = Math.max(1, ...candidates.map((candidate) => candidate.chunks.length));
  const partialUsage = {
    promptTokenCount: promptTokens,
    totalTokenCount: promptTokens,
    promptTokensDetails: promptDetails,
  };
  for (let round = 0; round < rounds; round++) {
    const last = round === rounds - 1;
    const chunk = {
      candidates: candidates.flatMap((candidate) => {
        const parts = candidate.chunks[round];
        if (last) return [toCandidate(candidate, parts ?? [], candidate.finishReason)];
        return parts === undefined ? [] : [toCandidate(candidate, parts, undefined)];
      }),
      usageMetadata: last ? usageMetadata : partialUsage,
      ...tail,
    };
    if (!(await stream.send(chunk))) return;
  }
  stream.end();
}

function toCandidate(
  candidate: CandidateResult,
  parts: JsonObject[],
  finishReason: string | undefined,
): JsonObject {
  if (candidate.finishReason === "SAFETY") {
    return {
      index: candidate.index,
      finishReason: "SAFETY",
      safetyRatings: [{ category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", blocked: true }],
    };
  }
  return {
    content: { parts, role: "model" },
    ...(finishReason === undefined ? {} : { finishReason }),
    index: candidate.index,
  };
}
