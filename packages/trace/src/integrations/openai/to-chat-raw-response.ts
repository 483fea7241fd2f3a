/** The `fallom.raw.response` payload of a chat completion (SPEC §5.3, plus `refusal` and `choices`). */
import type { ChatChoiceSummary } from "./openai-shapes.js";

/**
 * `{text, finishReason, responseId, model, toolCalls, functionCall, refusal, reasoning}` of the
 * first choice; with several choices (`n > 1`) also `choices[]` in the OpenAI body shape.
 *
 * @example toChatRawResponse([{ index: 0, text: "Hi", toolCalls: [], finishReason: "stop" }], "id-1", "gpt-4o")
 * // { text: "Hi", finishReason: "stop", responseId: "id-1", model: "gpt-4o", toolCalls: [] }
 */
export function toChatRawResponse(
  choices: ChatChoiceSummary[],
  responseId: string | undefined,
  model: string | undefined,
): Record<string, unknown> {
  const first = choices[0];
  const raw: Record<string, unknown> = {
    text: first?.text ?? "",
    finishReason: first?.finishReason,
    responseId,
    model,
    toolCalls: first?.toolCalls ?? [],
  };
  if (first?.functionCall) raw.functionCall = first.functionCall;
  if (first?.refusal !== undefined) raw.refusal = first.refusal;
  if (first?.reasoning !== undefined) raw.reasoning = first.reasoning;
  if (choices.length > 1) {
    raw.choices = choices.map((choice) => ({
      index: choice.index,
      message: {
        role: "assistant",
        content: choice.text,
        ...(choice.refusal !== undefined ? { refusal: choice.refusal } : {}),
        ...(choice.reasoning !== undefined ? { reasoning: choice.reasoning } : {}),
        ...(choice.toolCalls.length > 0 ? { tool_calls: choice.toolCalls } : {}),
        ...(choice.functionCall ? { function_call: choice.functionCall } : {}),
      },
      finish_reason: choice.finishReason ?? null,
    }));
  }
  return raw;
}
