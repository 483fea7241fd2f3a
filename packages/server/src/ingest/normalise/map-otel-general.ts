/**
 * Mapper for general attributes several conventions share: `session.id` and `user.id`
 * (OpenInference, OpenRouter Broadcast), `enduser.id` (OTel general), and the catch-all
 * `trace.input` / `span.input` content keys, which rank below every specific content source.
 */

import { OTEL_KEYS } from "./attribute-keys.js";
import type { AttributeReader } from "./attribute-reader.js";
import type { ConventionFields, InputContent } from "./convention-fields.js";
import { messagesFromPayload } from "./messages-from-payload.js";

/**
 * @example
 * mapOtelGeneral(read).customerId // user.id ?? enduser.id
 */
export function mapOtelGeneral(read: AttributeReader): ConventionFields {
  const input = read.get(OTEL_KEYS.traceInput) ?? read.get(OTEL_KEYS.spanInput);
  const output = read.get(OTEL_KEYS.traceOutput) ?? read.get(OTEL_KEYS.spanOutput);
  return {
    sessionId: read.text(OTEL_KEYS.sessionId),
    customerId: read.firstText(OTEL_KEYS.userId, OTEL_KEYS.endUserId),
    inputFallback: input === undefined ? undefined : inputFromPayload(input),
    outputFallback:
      output === undefined ? undefined : (messagesFromPayload(output, "assistant") ?? undefined),
  };
}

function inputFromPayload(value: unknown): InputContent | undefined {
  const messages = messagesFromPayload(value, "user");
  return messages ? { messages, system: null } : undefined;
}
