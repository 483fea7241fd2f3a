/**
 * Mapper for OpenRouter Broadcast (SPEC §9): `trace.metadata.*`, `trace.tags`, the
 * `trace.metadata.openrouter.*` routing facts, and the whole-conversation `gen_ai.prompt` /
 * `gen_ai.completion` JSON. Its `gen_ai.usage.*` counts are read by `mapOtelGenai`.
 */
import type { MetadataValue } from "../../domain/span-record.js";
import type { AttributeValue } from "../raw-span.js";
import { BROADCAST_KEYS, GEN_AI_KEYS, OPENROUTER_SERVICE_NAME, RESOURCE_KEYS } from "./attribute-keys.js";
import type { AttributeReader } from "./attribute-reader.js";
import { toMetadataValue, toText, toTextList } from "./coerce-attribute-value.js";
import type { ConventionFields } from "./convention-fields.js";
import { messagesFromPayload } from "./messages-from-payload.js";

/** True for spans OpenRouter Broadcast sent (resource `service.name=openrouter`, SPEC §9). */
export function isOpenrouterBroadcast(read: AttributeReader): boolean {
  return read.resource(RESOURCE_KEYS.serviceName) === OPENROUTER_SERVICE_NAME;
}

/**
 * @example
 * mapOpenrouterBroadcast(read).upstreamProvider // "Google AI Studio", as sent (E1)
 */
export function mapOpenrouterBroadcast(read: AttributeReader): ConventionFields {
  const traceMetadata = read.prefixed(BROADCAST_KEYS.traceMetadataPrefix);
  const prompt = read.get(GEN_AI_KEYS.prompt);
  const completion = read.get(GEN_AI_KEYS.completion);
  const inputMessages = prompt === undefined ? null : messagesFromPayload(prompt, "user");
  const tags = [
    ...(toTextList(read.get(BROADCAST_KEYS.traceTags)) ?? []),
    ...(toTextList(traceMetadata[BROADCAST_KEYS.tags]) ?? []),
  ];
  return {
    classification:
      read.span.name === BROADCAST_KEYS.llmGenerationSpanName
        ? { kind: "llm", isAggregate: false }
        : undefined,
    configKey: toText(traceMetadata[BROADCAST_KEYS.configKey]),
    metadata: userMetadata(traceMetadata),
    tags: tags.length > 0 ? tags : undefined,
    upstreamProvider: read.text(BROADCAST_KEYS.providerName),
    timeToFirstTokenMs: read.number(BROADCAST_KEYS.firstTokenMs),
    responseId: read.text(BROADCAST_KEYS.generationId),
    input: inputMessages ? { messages: inputMessages, system: null } : undefined,
    output:
      completion === undefined ? undefined : (messagesFromPayload(completion, "assistant") ?? undefined),
  };
}

/**
 * `trace.metadata.*` minus `config_key`, `tags` and the `openrouter.*` / `openrouter_generation.*`
 * subtrees: those are OpenRouter's bookkeeping, not the caller's metadata, and stay in attributes.
 */
function userMetadata(
  traceMetadata: Record<string, AttributeValue>,
): Record<string, MetadataValue> | undefined {
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(traceMetadata)) {
    if (key === BROADCAST_KEYS.configKey || key === BROADCAST_KEYS.tags) continue;
    if (BROADCAST_KEYS.keptSubtrees.some((subtree) => key.startsWith(subtree))) continue;
    const converted = toMetadataValue(value);
    if (converted !== undefined) metadata[key] = converted;
  }
  return Object.keys(metadata).length > 0 ? metadata : undefined;
}
