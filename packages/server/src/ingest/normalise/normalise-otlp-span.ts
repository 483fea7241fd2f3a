/**
 * One OTLP span → the canonical call record (SPEC §4.1), running the convention mappers and
 * choosing per field in the SPEC §6.2 row order. Every `pickField(…, [a, b, c])` below mirrors
 * one §6.2 row, so the two can be compared line by line.
 */
import {
  canonicalProvider,
  providerFromHost,
  providerFromModel,
  stripModelsPrefix,
} from "../../domain/map-provider.js";
import type { FallomHeaders, NormalisedSpan, SpanRecord, SpanSource } from "../../domain/span-record.js";
import type { RawSpan } from "../raw-span.js";
import { FALLOM_KEYS, FALLOM_SDK_NAMES, OTEL_KEYS, RESOURCE_KEYS } from "./attribute-keys.js";
import { type AttributeReader, createAttributeReader } from "./attribute-reader.js";
import { classifySpan } from "./classify-span.js";
import { toText } from "./coerce-attribute-value.js";
import type { ConventionFields, SpanClassification } from "./convention-fields.js";
import { mapFallomAttributes } from "./map-fallom-attributes.js";
import { mapFallomHeaders } from "./map-fallom-headers.js";
import { mapFallomRawModels, mapFallomRawPayloads } from "./map-fallom-raw-payloads.js";
import { mapOpenInference } from "./map-openinference.js";
import { mapOpenllmetry } from "./map-openllmetry.js";
import { isOpenrouterBroadcast, mapOpenrouterBroadcast } from "./map-openrouter-broadcast.js";
import { mapOtelGenai } from "./map-otel-genai.js";
import { mapOtelGeneral } from "./map-otel-general.js";
import { mapSpanStatus } from "./map-span-status.js";
import { applyVercelUsageRules, mapVercelAiSdk } from "./map-vercel-ai-sdk.js";
import { hasNoUsage, mergeTokenUsage, withTotalTokens } from "./merge-token-usage.js";
import { mergeMetadata, pickField, unionTags } from "./pick-field.js";
import { readFallomRawValues, withoutMovedRawPayloads } from "./read-fallom-raw-values.js";
import { timeToFirstTokenFromEvents, toRecordTimes } from "./to-record-times.js";

/** Config key when nothing names one and the resource has no `service.name` (SPEC §6.2). */
const DEFAULT_CONFIG_KEY = "default";

/** Provider and default config key of every Broadcast call (SPEC §9, E1). */
const OPENROUTER = "openrouter";

/**
 * Normalises one decoded OTLP span. Context fields the span does not carry itself are filled by
 * {@link inheritContext} afterwards (SPEC §6.4 E9); `ownContext` says which ones it carried.
 *
 * @example
 * const { record, ownContext } = normaliseOtlpSpan(span, { sessionId: "from-header" });
 */
export function normaliseOtlpSpan(span: RawSpan, headers: FallomHeaders): NormalisedSpan {
  const read = createAttributeReader(span);
  const isBroadcast = isOpenrouterBroadcast(read);
  const fallom = mapFallomAttributes(read);
  const header = mapFallomHeaders(headers);
  const genai = mapOtelGenai(read);
  const general = mapOtelGeneral(read);
  const openllmetry = mapOpenllmetry(read);
  const openinference = mapOpenInference(read);
  const vercel = mapVercelAiSdk(read);
  const openrouter = mapOpenrouterBroadcast(read);

  const classification = classifySpan(
    fallom.classification,
    [genai, openinference, vercel, openllmetry, openrouter].map((fields) => fields.classification),
  );
  // The domain parsers run only for spans that carry raw payloads (our SDKs' spans).
  const raw = read.hasPrefix(FALLOM_KEYS.rawPrefix) ? readFallomRawValues(read.get) : undefined;
  const rawModels = mapFallomRawModels(raw);
  const modelSources = [genai, openinference, vercel, rawModels];
  const requestModel = withoutModelsPrefix(pickField("requestModel", modelSources));
  const responseModel = withoutModelsPrefix(pickField("responseModel", modelSources));
  const model = responseModel ?? requestModel;
  const provider = resolveProvider(read, [genai, openinference, vercel, fallom], {
    isBroadcast,
    model,
    classification,
  });
  const method = read.text(FALLOM_KEYS.method) ?? null;
  // Same mapper as the native path. Outside the content rows (where §6.2 lists `fallom.raw.*`
  // first) it comes last: the payloads only fill what no §6.2 source sent.
  const native = raw ? mapFallomRawPayloads(raw, { method, provider }) : {};

  const tokens = withTotalTokens(
    applyVercelUsageRules(
      read,
      mergeTokenUsage([genai, openinference, openllmetry, vercel, native].map((f) => f.tokens)),
      provider,
    ),
  );
  const reportedCost = pickField("reportedCost", [fallom, genai, openinference, vercel, native]);

  const configKey = pickField("configKey", [fallom, header, openrouter, vercel, openllmetry]);
  const sessionId = pickField("sessionId", [fallom, header, genai, general, vercel, openllmetry]);
  const customerId = pickField("customerId", [fallom, header, general, vercel, openllmetry]);
  const contextSources = [fallom, openinference, openrouter, vercel, openllmetry];
  const contentSources = [native, fallom, genai, openllmetry, openinference, vercel, openrouter];
  const input =
    pickField("input", contentSources) ?? pickField("inputFallback", [general, openinference]) ?? null;

  const record: SpanRecord = {
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId,
    name: span.name,
    kind: classification.kind,
    source: resolveSource(read, isBroadcast),
    ...toRecordTimes(span),
    time_to_first_token_ms:
      pickField("timeToFirstTokenMs", [genai, vercel, openrouter, fallom, native]) ??
      timeToFirstTokenFromEvents(span) ??
      null,
    is_streaming: pickField("isStreaming", [genai, fallom, openllmetry, vercel, native]) ?? false,
    ...mapSpanStatus(read),
    config_key: configKey ?? defaultConfigKey(read, isBroadcast),
    session_id: sessionId ?? null,
    customer_id: customerId ?? null,
    metadata: mergeMetadata(contextSources),
    tags: unionTags(contextSources),
    prompt_key: pickField("promptKey", [fallom, header]) ?? null,
    prompt_version: pickField("promptVersion", [fallom, header]) ?? null,
    prompt_ab_test_key: pickField("promptAbTestKey", [fallom, header]) ?? null,
    prompt_variant_index: pickField("promptVariantIndex", [fallom, header]) ?? null,
    provider,
    upstream_provider: openrouter.upstreamProvider ?? null,
    operation: pickField("operation", [genai, openllmetry, openinference, vercel]) ?? null,
    request_model: requestModel,
    response_model: responseModel,
    model,
    response_id: pickField("responseId", [genai, vercel, openrouter, native]) ?? null,
    finish_reasons: pickField("finishReasons", [genai, openinference, vercel, openllmetry, native]) ?? [],
    ...tokens,
    reported_cost_usd: reportedCost?.total ?? null,
    reported_input_cost_usd: reportedCost?.input ?? null,
    reported_output_cost_usd: reportedCost?.output ?? null,
    // Pricing happens after normalisation; it turns "unpriced" into "computed" where it can.
    cost_usd: null,
    input_cost_usd: null,
    output_cost_usd: null,
    cost_status: reportedCost ? "provider" : hasNoUsage(tokens) ? "no_usage" : "unpriced",
    price_ref: null,
    request_params: pickField("requestParams", [genai, openinference, vercel, native]) ?? {},
    input_messages: input?.messages ?? null,
    system_instructions: input?.system ?? null,
    output_messages:
      pickField("output", contentSources) ?? pickField("outputFallback", [general, openinference]) ?? null,
    tool_definitions:
      pickField("toolDefinitions", [genai, openinference, vercel, openllmetry, native]) ?? null,
    raw_request: raw?.request ?? null,
    raw_response: raw?.response ?? null,
    attributes: withoutMovedRawPayloads(span.attributes),
    events: span.events.map((event) => ({
      name: event.name,
      time_unix_nano: event.timeUnixNano.toString(),
      attributes: { ...event.attributes },
    })),
    resource: { ...span.resourceAttributes },
    is_aggregate: classification.isAggregate,
    duplicate_of: null,
  };
  return {
    record,
    ownContext: {
      configKey: configKey !== undefined,
      sessionId: sessionId !== undefined,
      customerId: customerId !== undefined,
    },
  };
}

/** Google's `models/` prefix goes before display and price lookup (SPEC §6.4 E5), as on the native path. */
function withoutModelsPrefix(model: string | undefined): string | null {
  return model === undefined ? null : stripModelsPrefix(model);
}

/**
 * SPEC §6.2 provider row, canonicalised (E5). Inference from `server.address` or the model id
 * only for spans that are calls or name a model, so a database span is never given a provider.
 * Broadcast spans are OpenRouter calls whatever `gen_ai.provider.name` says (E1); Broadcast
 * spans with no model or provider signal (its `generation` children) stay without a provider.
 */
function resolveProvider(
  read: AttributeReader,
  sources: ConventionFields[],
  span: { isBroadcast: boolean; model: string | null; classification: SpanClassification },
): string | null {
  const isCall = span.classification.kind === "llm" || span.classification.kind === "embedding";
  let provider = canonicalProvider(pickField("provider", sources));
  if (provider === null && (isCall || span.model !== null)) {
    provider = providerFromHost(read.text(OTEL_KEYS.serverAddress)) ?? providerFromModel(span.model);
  }
  if (span.isBroadcast && (provider !== null || isCall || span.model !== null)) return OPENROUTER;
  return provider;
}

function resolveSource(read: AttributeReader, isBroadcast: boolean): SpanSource {
  if (isBroadcast) return "openrouter";
  const sdkName = read.resource(RESOURCE_KEYS.telemetrySdkName);
  if (sdkName === FALLOM_SDK_NAMES.typescript) return "sdk-ts";
  if (sdkName === FALLOM_SDK_NAMES.python) return "sdk-py";
  return "otlp";
}

/** `"openrouter"` for Broadcast, else the resource `service.name`, else `"default"` (SPEC §6.2). */
function defaultConfigKey(read: AttributeReader, isBroadcast: boolean): string {
  if (isBroadcast) return OPENROUTER;
  return toText(read.resource(RESOURCE_KEYS.serviceName)) ?? DEFAULT_CONFIG_KEY;
}
