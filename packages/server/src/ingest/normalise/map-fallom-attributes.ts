/**
 * Mapper for the `fallom.*` attributes our SDKs emit (SPEC §6.1). These sit first in the §6.2
 * priority order: our SDKs know the session context and token semantics exactly.
 * The `fallom.raw.*` payloads are handled by `mapFallomRawPayloads`, which needs the provider.
 */
import type { MetadataValue, SpanKind } from "../../domain/span-record.js";
import { FALLOM_KEYS, GEN_AI_KEYS } from "./attribute-keys.js";
import type { AttributeReader } from "./attribute-reader.js";
import { toInteger, toMetadataValue, toTextList } from "./coerce-attribute-value.js";
import type { ConventionFields, InputContent } from "./convention-fields.js";
import { toManualMessages } from "./to-manual-messages.js";

const SPAN_KINDS: ReadonlySet<string> = new Set<SpanKind>([
  "llm",
  "embedding",
  "tool",
  "retrieval",
  "agent",
  "chain",
  "custom",
  "preprocessing",
  "postprocessing",
]);

/**
 * @example
 * mapFallomAttributes(read).sessionId // value of fallom.session_id
 */
export function mapFallomAttributes(read: AttributeReader): ConventionFields {
  const fields: ConventionFields = {
    configKey: read.text(FALLOM_KEYS.configKey),
    sessionId: read.text(FALLOM_KEYS.sessionId),
    customerId: read.text(FALLOM_KEYS.customerId),
    tags: toTextList(read.get(FALLOM_KEYS.tags)),
    metadata: readMetadata(read),
    promptKey: read.text(FALLOM_KEYS.promptKey),
    promptVersion: toInteger(read.get(FALLOM_KEYS.promptVersion)),
    promptAbTestKey: read.firstText(FALLOM_KEYS.promptAbTestKey, FALLOM_KEYS.promptAbTest),
    promptVariantIndex: toInteger(
      read.get(FALLOM_KEYS.promptVariantIndex) ?? read.get(FALLOM_KEYS.promptVariant),
    ),
    provider: read.text(FALLOM_KEYS.provider),
    isStreaming: read.boolean(FALLOM_KEYS.isStreaming),
    // gen_ai.time_to_first_token_ms is the original SDKs' legacy name; it directly follows ours in §6.2.
    timeToFirstTokenMs: read.firstNumber(FALLOM_KEYS.timeToFirstTokenMs, GEN_AI_KEYS.timeToFirstTokenMs),
    input: manualInput(read.get(FALLOM_KEYS.input)),
    output: toManualMessages(read.get(FALLOM_KEYS.output), "assistant") ?? undefined,
  };
  const kind = read.text(FALLOM_KEYS.kind)?.toLowerCase();
  if (kind !== undefined && SPAN_KINDS.has(kind)) {
    fields.classification = { kind: kind as SpanKind, isAggregate: false };
  }
  const cost = read.number(FALLOM_KEYS.costReportedUsd);
  if (cost !== undefined) fields.reportedCost = { total: cost, input: null, output: null };
  return fields;
}

function readMetadata(read: AttributeReader): Record<string, MetadataValue> | undefined {
  const entries = Object.entries(read.prefixed(FALLOM_KEYS.metadataPrefix));
  if (entries.length === 0) return undefined;
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of entries) {
    const converted = toMetadataValue(value);
    if (converted !== undefined) metadata[key] = converted;
  }
  return metadata;
}

/** Manual-span `fallom.input` (SPEC §6.4 E6), read exactly like native manual-span input. */
function manualInput(value: unknown): InputContent | undefined {
  const messages = toManualMessages(value, "user");
  return messages ? { messages, system: null } : undefined;
}
