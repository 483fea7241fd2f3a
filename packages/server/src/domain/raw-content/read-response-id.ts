/**
 * The response id of a raw response (SPEC §6.4 E6), which cross-source dedupe (§6.3) matches on.
 */
import { asRecord, isRecord, stringOrNull } from "../json-value.js";
import { responseSteps } from "./read-finish-reasons.js";

/**
 * `responseId`, else `id`, else the last step's `responseId`, else `response.id`.
 *
 * @example readResponseId({ steps: [{ responseId: "gen-1" }] }) // "gen-1"
 */
export function readResponseId(response: unknown): string | null {
  if (!isRecord(response)) return null;
  const direct =
    stringOrNull(response.responseId) ?? stringOrNull(response.response_id) ?? stringOrNull(response.id);
  if (direct) return direct;
  const steps = responseSteps(response);
  for (let i = steps.length - 1; i >= 0; i--) {
    const id = stringOrNull(steps[i]?.responseId) ?? stringOrNull(asRecord(steps[i]?.response).id);
    if (id) return id;
  }
  return stringOrNull(asRecord(response.response).id);
}
