/**
 * Mapper for `fallom.raw.*` on OTLP spans (SPEC §5.3 shapes, §6.4 E6): the provider payloads our
 * SDKs attach. Separate from the other `fallom.*` attributes because parsing them needs the
 * resolved provider. The values come from {@link mapFallomRawValues}, which the native TraceData
 * normaliser uses too, so the same payloads normalise the same on both wires.
 */
import type { TokenUsage } from "../../domain/span-record.js";
import type { ConventionFields } from "./convention-fields.js";
import { mapFallomRawValues } from "./map-fallom-raw-values.js";
import { type FallomRawValues, readRawModels } from "./read-fallom-raw-values.js";

/**
 * The models named inside the payloads, as the lowest-priority model source (the §6.2 model rows
 * come first; the native path reads the same payload fields).
 *
 * @example mapFallomRawModels(values).requestModel // "gpt-4o"
 */
export function mapFallomRawModels(raw: FallomRawValues | undefined): ConventionFields {
  if (raw === undefined) return {};
  const { requestModel, responseModel } = readRawModels(raw);
  return { requestModel: requestModel ?? undefined, responseModel: responseModel ?? undefined };
}

/**
 * @example
 * mapFallomRawPayloads(values, { method: "messages.create", provider: "anthropic" }).tokens
 */
export function mapFallomRawPayloads(
  raw: FallomRawValues,
  span: { method: string | null; provider: string | null },
): ConventionFields {
  const mapped = mapFallomRawValues(raw, span);
  const fields: ConventionFields = {};
  const content = mapped.content;
  if (content) {
    if (content.input_messages !== null || content.system_instructions !== null) {
      fields.input = { messages: content.input_messages, system: content.system_instructions };
    }
    if (content.output_messages !== null) fields.output = content.output_messages;
    if (content.tool_definitions !== null) fields.toolDefinitions = content.tool_definitions;
    if (content.finish_reasons.length > 0) fields.finishReasons = content.finish_reasons;
    if (content.response_id !== null) fields.responseId = content.response_id;
  }
  if (mapped.tokens) fields.tokens = withoutNulls(mapped.tokens);
  if (mapped.reportedCostUsd !== null) {
    fields.reportedCost = { total: mapped.reportedCostUsd, input: null, output: null };
  }
  if (Object.keys(mapped.requestParams).length > 0) fields.requestParams = mapped.requestParams;
  if (mapped.isStreaming !== null) fields.isStreaming = mapped.isStreaming;
  if (mapped.timeToFirstTokenMs !== null) fields.timeToFirstTokenMs = mapped.timeToFirstTokenMs;
  return fields;
}

function withoutNulls(tokens: TokenUsage): Partial<TokenUsage> {
  const result: Partial<TokenUsage> = {};
  for (const [key, value] of Object.entries(tokens) as Array<[keyof TokenUsage, number | null]>) {
    if (value !== null) result[key] = value;
  }
  return result;
}
