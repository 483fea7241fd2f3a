/**
 * Mapper for `fallom.raw.*` (SPEC §5.3 shapes, §6.4 E6): the provider payloads our SDKs attach.
 * Separate from the other `fallom.*` attributes because parsing them needs the resolved provider,
 * and because the parsers are the domain's, shared with native TraceData ingest.
 */
import { mapProviderUsage } from "../../domain/map-provider-usage.js";
import { parseRawContent } from "../../domain/parse-raw-content.js";
import type { TokenUsage } from "../../domain/span-record.js";
import { FALLOM_KEYS, PROVIDER_METADATA_PATHS } from "./attribute-keys.js";
import type { AttributeReader } from "./attribute-reader.js";
import { getPath, toNumber } from "./coerce-attribute-value.js";
import type { ConventionFields } from "./convention-fields.js";

export interface FallomRawPayloads {
  fields: ConventionFields;
  /** Parsed `fallom.raw.request`, null when absent or not JSON. */
  rawRequest: unknown;
  /** Parsed `fallom.raw.response`, null when absent or not JSON. */
  rawResponse: unknown;
}

/**
 * Reads the raw payloads. The domain parsers are called only for attributes that are present,
 * and a parser failure loses only that payload's fields: one malformed payload must not reject
 * a span that is otherwise fine.
 *
 * @example
 * mapFallomRawPayloads(read, "openai").fields.tokens
 */
export function mapFallomRawPayloads(read: AttributeReader, provider: string | null): FallomRawPayloads {
  const fields: ConventionFields = {};
  const request = read.json(FALLOM_KEYS.rawRequest);
  const response = read.json(FALLOM_KEYS.rawResponse);
  if (request !== undefined || response !== undefined) {
    const content = tryParse(() =>
      parseRawContent({ method: read.text(FALLOM_KEYS.method) ?? null, provider, request, response }),
    );
    if (content) {
      if (content.input_messages !== null || content.system_instructions !== null) {
        fields.input = { messages: content.input_messages, system: content.system_instructions };
      }
      if (content.output_messages !== null) fields.output = content.output_messages;
      if (content.tool_definitions !== null) fields.toolDefinitions = content.tool_definitions;
      if (content.finish_reasons.length > 0) fields.finishReasons = content.finish_reasons;
      if (content.response_id !== null) fields.responseId = content.response_id;
    }
  }
  const usage = read.json(FALLOM_KEYS.rawUsage);
  if (usage !== undefined) {
    const tokens = tryParse(() => mapProviderUsage(usage, provider));
    if (tokens) fields.tokens = withoutNulls(tokens);
  }
  const providerMetadata = read.json(FALLOM_KEYS.rawProviderMetadata);
  const cost = toNumber(getPath(providerMetadata, [...PROVIDER_METADATA_PATHS.openrouterUsage, "cost"]));
  if (cost !== undefined) fields.reportedCost = { total: cost, input: null, output: null };
  return { fields, rawRequest: request ?? null, rawResponse: response ?? null };
}

function tryParse<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

function withoutNulls(tokens: TokenUsage): Partial<TokenUsage> {
  const result: Partial<TokenUsage> = {};
  for (const [key, value] of Object.entries(tokens) as Array<[keyof TokenUsage, number | null]>) {
    if (value !== null) result[key] = value;
  }
  return result;
}
