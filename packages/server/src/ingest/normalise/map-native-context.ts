/**
 * Session context, metadata, tags and prompt linkage of a native TraceData record (SPEC §5.3,
 * §6.2, §8.4). The record's own fields win, then its `fallom.*` attributes, then the
 * `X-Fallom-*` headers.
 */
import type { FallomHeaders, MetadataValue, NormalisedSpan, SpanRecord } from "../../domain/span-record.js";
import type { TraceData } from "../native-trace-data.js";
import { FALLOM_KEYS } from "./attribute-keys.js";
import { isRecord, parseJsonOrText } from "./coerce-attribute-value.js";
import { firstAttribute, nativeInteger, nativeText } from "./read-native-value.js";

type NativeContext = Pick<
  SpanRecord,
  | "config_key"
  | "session_id"
  | "customer_id"
  | "metadata"
  | "tags"
  | "prompt_key"
  | "prompt_version"
  | "prompt_ab_test_key"
  | "prompt_variant_index"
>;

const PROMPT_AB_TEST_KEYS = [FALLOM_KEYS.promptAbTestKey, FALLOM_KEYS.promptAbTest] as const;
const PROMPT_VARIANT_KEYS = [FALLOM_KEYS.promptVariantIndex, FALLOM_KEYS.promptVariant] as const;

/**
 * The context fields, and which of them the record carried itself (for SPEC §6.4 E9 inheritance).
 * Only LLM spans carry prompt linkage (SPEC §8.4), so request-wide headers don't tag tool spans.
 *
 * @example mapNativeContext({ config_key: "bot", session_id: "s1" }, {}, {}, true).context.config_key // "bot"
 */
export function mapNativeContext(
  td: TraceData,
  attributes: Record<string, unknown>,
  headers: FallomHeaders,
  isModelCall: boolean,
): { context: NativeContext; ownContext: NormalisedSpan["ownContext"] } {
  const configKey =
    nativeText(td.config_key) ??
    nativeText(attributes[FALLOM_KEYS.configKey]) ??
    nativeText(headers.configKey);
  const sessionId =
    nativeText(td.session_id) ??
    nativeText(attributes[FALLOM_KEYS.sessionId]) ??
    nativeText(headers.sessionId);
  const customerId =
    nativeText(td.customer_id) ??
    nativeText(attributes[FALLOM_KEYS.customerId]) ??
    nativeText(headers.customerId);
  const promptHeaders: FallomHeaders = isModelCall ? headers : {};
  return {
    context: {
      config_key: configKey ?? "default",
      session_id: sessionId,
      customer_id: customerId,
      metadata: toMetadata(td, attributes),
      tags: toTags(td.tags, attributes[FALLOM_KEYS.tags]),
      prompt_key:
        nativeText(td.prompt_key) ??
        nativeText(attributes[FALLOM_KEYS.promptKey]) ??
        nativeText(promptHeaders.promptKey),
      prompt_version:
        nativeInteger(td.prompt_version) ??
        nativeInteger(attributes[FALLOM_KEYS.promptVersion]) ??
        nativeInteger(promptHeaders.promptVersion),
      prompt_ab_test_key:
        nativeText(td.prompt_ab_test_key) ??
        nativeText(firstAttribute(attributes, PROMPT_AB_TEST_KEYS)) ??
        nativeText(promptHeaders.promptAbTest),
      prompt_variant_index:
        nativeInteger(td.prompt_variant_index) ??
        nativeInteger(firstAttribute(attributes, PROMPT_VARIANT_KEYS)) ??
        nativeInteger(promptHeaders.promptVariant),
    },
    ownContext: {
      configKey: configKey !== null,
      sessionId: sessionId !== null,
      customerId: customerId !== null,
    },
  };
}

function toMetadataValue(value: unknown): MetadataValue | null {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** TraceData `metadata` (types kept), then `fallom.metadata.*` attributes; the earlier source wins. */
function toMetadata(td: TraceData, attributes: Record<string, unknown>): Record<string, MetadataValue> {
  const metadata: Record<string, MetadataValue> = {};
  const add = (key: string, value: unknown) => {
    const coerced = toMetadataValue(value);
    if (coerced !== null && !(key in metadata)) metadata[key] = coerced;
  };
  if (isRecord(td.metadata)) for (const [key, value] of Object.entries(td.metadata)) add(key, value);
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith(FALLOM_KEYS.metadataPrefix)) add(key.slice(FALLOM_KEYS.metadataPrefix.length), value);
  }
  return metadata;
}

/** The union of the tag lists (arrays or JSON-array strings), in order, without duplicates. */
function toTags(...sources: unknown[]): string[] {
  const tags = new Set<string>();
  for (const source of sources) {
    const list = parseJsonOrText(source);
    if (Array.isArray(list)) for (const tag of list) if (typeof tag === "string" && tag !== "") tags.add(tag);
  }
  return [...tags];
}
