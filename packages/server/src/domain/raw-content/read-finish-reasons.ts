/**
 * Finish reasons of a raw response, as sent (SPEC §6.4 E6, E7: no vocabulary mapping).
 */
import { asRecord, isRecord, type Json, stringOrNull } from "../json-value.js";

/** Vercel `steps[]` of a response; empty for other shapes. */
export function responseSteps(response: Json): Json[] {
  return Array.isArray(response.steps) ? response.steps.filter(isRecord) : [];
}

/**
 * The response-level finish reason; a Vercel result falls back to its last step.
 *
 * @example readTopFinishReason({ stop_reason: "tool_use" }) // "tool_use"
 */
export function readTopFinishReason(response: unknown): string | null {
  if (!isRecord(response)) return null;
  const direct =
    stringOrNull(response.finishReason) ??
    stringOrNull(response.finish_reason) ??
    stringOrNull(response.stop_reason) ??
    stringOrNull(response.stopReason);
  return direct ?? stringOrNull(responseSteps(response).at(-1)?.finishReason);
}

/**
 * Finish reasons: one per Google candidate / OpenAI choice, else the response-level reason.
 *
 * @example readFinishReasons({ candidates: [{ finishReason: "STOP" }] }) // ["STOP"]
 */
export function readFinishReasons(response: unknown): string[] {
  if (!isRecord(response)) return [];
  for (const [list, keys] of [
    [response.candidates, ["finishReason", "finish_reason"]],
    [response.choices, ["finish_reason", "finishReason"]],
  ] as const) {
    if (!Array.isArray(list)) continue;
    const reasons = list.flatMap((item) => {
      const reason = keys.map((key) => stringOrNull(asRecord(item)[key])).find((value) => value !== null);
      return reason ? [reason] : [];
    });
    if (reasons.length > 0) return reasons;
  }
  const top = readTopFinishReason(response);
  return top ? [top] : [];
}
