/**
 * The native convention (source `native`): one TraceData object of the original Fallom SDKs
 * (SPEC §5.3) becomes one canonical record (SPEC §4.1), following the §6.2 rows that name native
 * sources and the edge rules E5, E6 and E9 of §6.4.
 */
import { randomBytes } from "node:crypto";
import { canonicalProvider, providerFromHost, providerFromModel } from "../../domain/map-provider.js";
import {
  mapProviderUsage,
  readProviderMetadataUsage,
  readUsageCost,
  toCount,
} from "../../domain/map-provider-usage.js";
import {
  type ParsedRawContent,
  parseRawContent,
  toContentPart,
  toToolCallPart,
} from "../../domain/parse-raw-content.js";
import type {
  FallomHeaders,
  Message,
  MessagePart,
  MetadataValue,
  NormalisedSpan,
  SpanKind,
  SpanRecord,
  TokenUsage,
} from "../../domain/span-record.js";
import type { TraceData } from "../native-trace-data.js";

/** Keys inside TraceData `attributes` (SPEC §5.3 and the legacy 0.1.x names). */
const NATIVE_KEYS = {
  configKey: "fallom.config_key",
  sessionId: "fallom.session_id",
  customerId: "fallom.customer_id",
  tags: "fallom.tags",
  metadataPrefix: "fallom.metadata.",
  promptKey: "fallom.prompt_key",
  promptVersion: "fallom.prompt_version",
  promptAbTestKey: ["fallom.prompt_ab_test_key", "fallom.prompt_ab_test"],
  promptVariantIndex: ["fallom.prompt_variant_index", "fallom.prompt_variant"],
  method: "fallom.method",
  kind: "fallom.kind",
  provider: "fallom.provider",
  baseUrl: "fallom.base_url",
  isStreaming: "fallom.is_streaming",
  costReportedUsd: "fallom.cost.reported_usd",
  rawRequest: "fallom.raw.request",
  rawResponse: "fallom.raw.response",
  rawUsage: "fallom.raw.usage",
  rawProviderMetadata: "fallom.raw.providerMetadata",
  rawTimings: "fallom.raw.timings",
  input: ["input", "fallom.input"],
  output: ["output", "fallom.output"],
  toolCalls: "fallom.tool_calls",
  errorType: "error.type",
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  system: "gen_ai.system",
  requestModel: "gen_ai.request.model",
  requestStream: "gen_ai.request.stream",
  requestPrefix: "gen_ai.request.",
  responseModel: "gen_ai.response.model",
  responseId: "gen_ai.response.id",
  finishReasons: "gen_ai.response.finish_reasons",
  inputTokens: ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"],
  outputTokens: ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"],
  totalTokens: ["gen_ai.usage.total_tokens", "llm.usage.total_tokens"],
  /** Milliseconds, except the first (seconds); in SPEC §6.2 priority order. */
  timeToFirstChunkSeconds: "gen_ai.response.time_to_first_chunk",
  timeToFirstTokenMs: [
    "ai.response.msToFirstChunk",
    "ai.stream.msToFirstChunk",
    "fallom.time_to_first_token_ms",
    "gen_ai.time_to_first_token_ms",
  ],
  systemPrompt: "gen_ai.system_prompt",
  /** `gen_ai.prompt.{i}.role|content` */
  promptIndexed: /^gen_ai\.prompt\.(\d+)\.(\w+)$/,
  completionPrefix: "gen_ai.completion.0.",
} as const;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

function int(value: unknown): number | null {
  const count = toCount(value);
  return count !== null && Number.isInteger(count) ? count : null;
}

function bool(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return null;
}

/** `fallom.raw.*` values are JSON strings (Python adds `", "` separators); already-parsed values pass. */
function parseJsonish(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

export type TraceDataValidation = { ok: true; value: TraceData } | { ok: false; reason: string };

const ID_FIELDS = [
  ["trace_id", 32],
  ["span_id", 16],
  ["parent_span_id", 16],
] as const;

/**
 * Checks what the native ingest needs before normalising: an object with non-empty string
 * `config_key` and `session_id` (SPEC §5.3), ids that are hex of the right length when given, and
 * timestamps that parse. The reason names the field and the fix, because it reaches the caller in a
 * 400 (single object) or a `partialSuccess.errorMessage` (array).
 *
 * @example validateTraceData({ config_key: "k" }) // { ok: false, reason: "session_id is required (a non-empty string)" }
 */
export function validateTraceData(value: unknown): TraceDataValidation {
  if (!isRecord(value)) return { ok: false, reason: "a TraceData record must be a JSON object" };
  for (const field of ["config_key", "session_id"] as const) {
    if (str(value[field]) === null) return { ok: false, reason: `${field} is required (a non-empty string)` };
  }
  for (const [field, length] of ID_FIELDS) {
    const id = value[field];
    if (id === undefined || id === null || id === "") continue;
    if (typeof id !== "string" || !new RegExp(`^[0-9a-fA-F]{${length}}$`).test(id)) {
      return {
        ok: false,
        reason: `${field} must be ${length} hex characters (or omitted to have one generated)`,
      };
    }
    if (field !== "parent_span_id" && /^0+$/.test(id)) {
      return { ok: false, reason: `${field} must not be all zeros` };
    }
  }
  for (const field of ["start_time", "end_time"] as const) {
    const time = value[field];
    if (time !== undefined && time !== null && parseTimestampMicros(time) === null) {
      return { ok: false, reason: `${field} must be an ISO-8601 timestamp such as 2026-01-31T12:00:00.000Z` };
    }
  }
  return { ok: true, value: value as TraceData };
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * ISO-8601 → µs since the epoch, exactly. `Date.parse` keeps only ms, so the fraction is read here:
 * the TS SDK sends ms + `Z`, Python µs + `+00:00`; no zone means UTC. Digits below the µs are
 * truncated (as ns → µs, SPEC §6.4 E10). null when the value does not parse.
 *
 * @example parseTimestampMicros("2026-11-19T21:17:02.508123+00:00") // 1795123022508123
 */
export function parseTimestampMicros(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const match = ISO_TIMESTAMP.exec(value.trim());
  if (!match) return null;
  const field = (index: number) => Number(match[index] ?? 0);
  const wholeMs = Date.UTC(field(1), field(2) - 1, field(3), field(4), field(5), field(6));
  // Date.UTC rolls 31 February into March and 25:00 into the next day; the round trip catches both.
  const date = new Date(wholeMs);
  const roundTrip = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()];
  if (roundTrip.some((value, i) => value !== field(i + 2)) || field(6) > 59) return null;
  const micros = Number((match[7] ?? "").padEnd(6, "0").slice(0, 6));
  return (wholeMs - zoneOffsetMinutes(match[8]) * 60_000) * 1000 + micros;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === "Z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone.startsWith("-") ? -minutes : minutes;
}

interface Timing {
  start_time: number;
  end_time: number | null;
  duration_ms: number | null;
}

/** start/end in µs and the duration: the given duration wins, else end − start. */
function toTiming(td: TraceData, nowMs: number): Timing {
  const start = parseTimestampMicros(td.start_time);
  const end = parseTimestampMicros(td.end_time);
  const given = toCount(td.duration_ms);
  const duration = given !== null && given >= 0 ? given : null;
  const durationMicros = duration === null ? null : Math.round(duration * 1000);
  // A record without a start was sent when it ended, so "now" stands in for its end.
  const startTime = start ?? (end ?? Math.round(nowMs * 1000)) - (durationMicros ?? 0);
  const endTime = end ?? (durationMicros === null ? null : startTime + durationMicros);
  return {
    start_time: startTime,
    end_time: endTime,
    duration_ms: duration ?? (endTime === null ? null : (endTime - startTime) / 1000),
  };
}

function hexId(value: unknown, length: number): string | null {
  return typeof value === "string" &&
    new RegExp(`^[0-9a-fA-F]{${length}}$`).test(value) &&
    !/^0+$/.test(value)
    ? value.toLowerCase()
    : null;
}

function randomHex(length: number): string {
  return randomBytes(length / 2).toString("hex");
}

// ---------------------------------------------------------------------------------------------
// Field readers
// ---------------------------------------------------------------------------------------------

const KINDS = new Set<SpanKind>([
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

/** Method names compared case-blind and without `_` (`generate_content` = `generateContent`). */
function methodKey(method: string | null): string {
  return (method ?? "").toLowerCase().replaceAll("_", "");
}

const EMBEDDING_METHOD = /embed/;
const GOOGLE_METHOD = /generatecontent|sendmessage/;
/** `streamText`, `streamObject`, `messages.stream`, `generateContentStream`, `sendMessageStream`, `doStream`. */
const STREAMING_METHOD = /stream/;

/** `kind` as sent (`retriever` → `retrieval`), else `llm` / `embedding` when a model is present, else `custom`. */
function toKind(given: string | null, model: string | null, method: string | null): SpanKind {
  const kind = given?.toLowerCase();
  if (kind === "retriever") return "retrieval";
  if (kind && KINDS.has(kind as SpanKind)) return kind as SpanKind;
  if (!model) return "custom";
  return EMBEDDING_METHOD.test(methodKey(method)) ? "embedding" : "llm";
}

/** Operation of an LLM span (SPEC §2.5 span names); null for other kinds. */
function toOperation(kind: SpanKind, method: string | null, given: string | null): string | null {
  if (kind !== "llm" && kind !== "embedding") return null;
  if (given) return given;
  const key = methodKey(method);
  if (kind === "embedding" || EMBEDDING_METHOD.test(key)) return "embeddings";
  return GOOGLE_METHOD.test(key) ? "generate_content" : "chat";
}

/** When neither a provider value nor the model id tells, the wrapper method still can. */
function providerFromMethod(method: string | null): string | null {
  const key = methodKey(method);
  if (/(^|\.)messages\.(create|stream)$/.test(key)) return "anthropic";
  return GOOGLE_METHOD.test(key) ? "google" : null;
}

function firstAttr(attributes: Json, keys: readonly string[]): unknown {
  for (const key of keys)
    if (attributes[key] !== undefined && attributes[key] !== null) return attributes[key];
  return undefined;
}

function toMetadataValue(value: unknown): MetadataValue | null {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** TraceData `metadata` (types kept), then `fallom.metadata.*` attributes; the earlier source wins. */
function toMetadata(td: TraceData, attributes: Json): Record<string, MetadataValue> {
  const metadata: Record<string, MetadataValue> = {};
  const add = (key: string, value: unknown) => {
    const coerced = toMetadataValue(value);
    if (coerced !== null && !(key in metadata)) metadata[key] = coerced;
  };
  if (isRecord(td.metadata)) for (const [key, value] of Object.entries(td.metadata)) add(key, value);
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith(NATIVE_KEYS.metadataPrefix)) add(key.slice(NATIVE_KEYS.metadataPrefix.length), value);
  }
  return metadata;
}

function toTags(...sources: unknown[]): string[] {
  const tags = new Set<string>();
  for (const source of sources) {
    const list = parseJsonish(source);
    if (Array.isArray(list)) for (const tag of list) if (typeof tag === "string" && tag !== "") tags.add(tag);
  }
  return [...tags];
}

/**
 * Usage: `fallom.raw.usage` by its shape (SPEC §4.2), with Vercel's null usage falling back to
 * `providerMetadata` usage; then the legacy `gen_ai.usage.*` attributes; then the 0.1.x top-level
 * `prompt_tokens`. The raw object comes first because only it tells cache-exclusive Anthropic
 * counts apart (E4).
 */
function toUsage(td: TraceData, attributes: Json, provider: string | null): TokenUsage | null {
  const fromRaw = mapProviderUsage(
    parseJsonish(attributes[NATIVE_KEYS.rawUsage]),
    provider,
    parseJsonish(attributes[NATIVE_KEYS.rawProviderMetadata]),
  );
  const legacy = (input: unknown, output: unknown, total: unknown) =>
    mapProviderUsage({ prompt_tokens: input, completion_tokens: output, total_tokens: total }, null);
  return (
    fromRaw ??
    legacy(
      firstAttr(attributes, NATIVE_KEYS.inputTokens),
      firstAttr(attributes, NATIVE_KEYS.outputTokens),
      firstAttr(attributes, NATIVE_KEYS.totalTokens),
    ) ??
    legacy(td.prompt_tokens, td.completion_tokens, td.total_tokens)
  );
}

/** TTFT in ms, SPEC §6.2 order: OTel seconds, the ms attributes, TraceData, then `raw.timings.firstTokenTime`. */
function toTimeToFirstToken(td: TraceData, attributes: Json): number | null {
  const seconds = toCount(attributes[NATIVE_KEYS.timeToFirstChunkSeconds]);
  if (seconds !== null) return seconds * 1000;
  const timings = parseJsonish(attributes[NATIVE_KEYS.rawTimings]);
  return (
    toCount(firstAttr(attributes, NATIVE_KEYS.timeToFirstTokenMs)) ??
    toCount(td.time_to_first_token_ms) ??
    (isRecord(timings) ? toCount(timings.firstTokenTime) : null)
  );
}

const REQUEST_PARAMS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["temperature", ["temperature"]],
  [
    "max_tokens",
    ["max_tokens", "max_completion_tokens", "max_output_tokens", "maxOutputTokens", "maxTokens"],
  ],
  ["top_p", ["top_p", "topP"]],
  ["top_k", ["top_k", "topK"]],
  ["seed", ["seed"]],
  ["stop_sequences", ["stop_sequences", "stopSequences", "stop"]],
  ["frequency_penalty", ["frequency_penalty", "frequencyPenalty"]],
  ["presence_penalty", ["presence_penalty", "presencePenalty"]],
  ["stream", ["stream"]],
];

/**
 * Request parameters under the `gen_ai.request.*` names (as the OTLP side stores them), read from the
 * raw request (Google nests them in `generationConfig` / `config`), then legacy attributes.
 */
function toRequestParams(rawRequest: unknown, attributes: Json): Record<string, unknown> {
  const body = isRecord(rawRequest) ? rawRequest : {};
  const sources = [body, body.generationConfig, body.config].filter(isRecord);
  const params: Record<string, unknown> = {};
  for (const [name, keys] of REQUEST_PARAMS) {
    const fromBody = sources.flatMap((source) => keys.map((key) => source[key])).find((v) => v != null);
    const value = fromBody ?? attributes[NATIVE_KEYS.requestPrefix + name];
    if (value !== undefined && value !== null) params[name] = value;
  }
  return params;
}

// ---------------------------------------------------------------------------------------------
// Content
// ---------------------------------------------------------------------------------------------

/** Legacy `gen_ai.prompt.{i}.role/content` → input messages, in index order. */
function legacyPromptMessages(attributes: Json): Message[] | null {
  const byIndex = new Map<number, Json>();
  for (const [key, value] of Object.entries(attributes)) {
    const match = NATIVE_KEYS.promptIndexed.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    byIndex.set(index, { ...byIndex.get(index), [match[2] as string]: value });
  }
  const messages = [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, fields]) => ({
      role: str(fields.role) ?? "user",
      parts: fields.content === undefined ? [] : [toContentPart(fields.content)],
    }));
  return messages.length > 0 ? messages : null;
}

/** Legacy `gen_ai.completion.0.*` plus `fallom.tool_calls` → one output message. */
function legacyCompletionMessages(attributes: Json): Message[] | null {
  const prefix = NATIVE_KEYS.completionPrefix;
  const content = attributes[`${prefix}content`];
  const parts: MessagePart[] = content === undefined || content === null ? [] : [toContentPart(content)];
  for (const source of [attributes[`${prefix}tool_calls`], attributes[NATIVE_KEYS.toolCalls]]) {
    const calls = parseJsonish(source);
    if (!Array.isArray(calls)) continue;
    for (const call of calls) {
      const part = toToolCallPart(call);
      if (part) parts.push(part);
    }
  }
  if (parts.length === 0) return null;
  const finishReason = str(attributes[`${prefix}finish_reason`]);
  return [
    {
      role: str(attributes[`${prefix}role`]) ?? "assistant",
      parts,
      ...(finishReason ? { finish_reason: finishReason } : {}),
    },
  ];
}

/**
 * Manual-span `input` / `output` (top level, `attributes.input`, or `fallom.input`) as one message with
 * a single part (SPEC §6.4 E6): a string is text; an object, or a string holding a JSON object or
 * array (the SDK JSON-encodes non-primitives), is a `json` part.
 */
function manualMessages(value: unknown, role: string): Message[] | null {
  if (value === undefined || value === null) return null;
  let content = value;
  if (typeof value === "string" && /^\s*[[{]/.test(value)) {
    try {
      content = JSON.parse(value);
    } catch {
      content = value;
    }
  }
  return [{ role, parts: [toContentPart(content)] }];
}

type ContentFields = Pick<
  SpanRecord,
  "input_messages" | "system_instructions" | "output_messages" | "tool_definitions"
>;

/** Content from the raw payloads, else the legacy `gen_ai.*` attributes, else manual-span input/output. */
function toContent(td: TraceData, attributes: Json, parsed: ParsedRawContent | null): ContentFields {
  const systemPrompt = attributes[NATIVE_KEYS.systemPrompt];
  return {
    input_messages:
      parsed?.input_messages ??
      legacyPromptMessages(attributes) ??
      manualMessages(td.input ?? firstAttr(attributes, NATIVE_KEYS.input), "user"),
    system_instructions:
      parsed?.system_instructions ?? (str(systemPrompt) ? [toContentPart(systemPrompt)] : null),
    output_messages:
      parsed?.output_messages ??
      legacyCompletionMessages(attributes) ??
      manualMessages(td.output ?? firstAttr(attributes, NATIVE_KEYS.output), "assistant"),
    tool_definitions: parsed?.tool_definitions ?? null,
  };
}

type PromptLinkage = Pick<
  SpanRecord,
  "prompt_key" | "prompt_version" | "prompt_ab_test_key" | "prompt_variant_index"
>;

/** Prompt linkage (SPEC §8.4): top-level fields, then `fallom.prompt_*` attributes, then headers. */
function toPromptLinkage(td: TraceData, attributes: Json, headers: FallomHeaders): PromptLinkage {
  return {
    prompt_key: str(td.prompt_key) ?? str(attributes[NATIVE_KEYS.promptKey]) ?? str(headers.promptKey),
    prompt_version:
      int(td.prompt_version) ?? int(attributes[NATIVE_KEYS.promptVersion]) ?? int(headers.promptVersion),
    prompt_ab_test_key:
      str(td.prompt_ab_test_key) ??
      str(firstAttr(attributes, NATIVE_KEYS.promptAbTestKey)) ??
      str(headers.promptAbTest),
    prompt_variant_index:
      int(td.prompt_variant_index) ??
      int(firstAttr(attributes, NATIVE_KEYS.promptVariantIndex)) ??
      int(headers.promptVariant),
  };
}

/**
 * Provider (SPEC §6.2 order, E5): a provider value from the attributes, cut at its first `.`
 * (`openrouter.chat` → openrouter); else the base URL host; else the model id; else the method.
 */
function toProvider(attributes: Json, models: Array<string | null>, method: string | null): string | null {
  const fromValue = [NATIVE_KEYS.providerName, NATIVE_KEYS.system, NATIVE_KEYS.provider]
    .map((key) => canonicalProvider(str(attributes[key])))
    .find((provider) => provider !== null);
  return (
    fromValue ??
    providerFromHost(str(attributes[NATIVE_KEYS.baseUrl])) ??
    models.map(providerFromModel).find((provider) => provider !== null) ??
    providerFromMethod(method)
  );
}

function toFinishReasons(parsed: ParsedRawContent | null, attributes: Json): string[] {
  if (parsed && parsed.finish_reasons.length > 0) return parsed.finish_reasons;
  const given = parseJsonish(attributes[NATIVE_KEYS.finishReasons]);
  if (Array.isArray(given)) return given.filter((reason): reason is string => typeof reason === "string");
  const legacy = str(given) ?? str(attributes[`${NATIVE_KEYS.completionPrefix}finish_reason`]);
  return legacy ? [legacy] : [];
}

// ---------------------------------------------------------------------------------------------
// The normaliser
// ---------------------------------------------------------------------------------------------

/**
 * Normalises one native TraceData record (validate it first with {@link validateTraceData}).
 * The record's own fields and `fallom.*` attributes win; `headers` (X-Fallom-*) fill what the record
 * lacks. Ids are generated when absent. Cost fields are left for the pricing step: `cost_status` is
 * `provider` when a cost was reported, `no_usage` without token counts, else `unpriced`.
 *
 * @param now clock in ms since the epoch; stands in for a missing `start_time` / `end_time`.
 * @example
 * normaliseTraceData({ config_key: "bot", session_id: "s1", model: "gpt-4o", start_time: "2026-01-01T00:00:00.000Z", duration_ms: 5 }, {})
 * // → { record: { kind: "llm", provider: "openai", operation: "chat", start_time: 1767225600000000, … }, ownContext: … }
 */
export function normaliseTraceData(
  td: TraceData,
  headers: FallomHeaders,
  now: () => number = Date.now,
): NormalisedSpan {
  const attributes: Json = isRecord(td.attributes) ? td.attributes : {};
  const attr = (key: string) => attributes[key];
  const method = str(attr(NATIVE_KEYS.method)) ?? str(td.name);
  const rawRequest = parseJsonish(attr(NATIVE_KEYS.rawRequest));
  const rawResponse = parseJsonish(attr(NATIVE_KEYS.rawResponse));
  const requestBody = isRecord(rawRequest) ? rawRequest : {};
  const responseBody = isRecord(rawResponse) ? rawResponse : {};

  const requestModel = str(requestBody.model) ?? str(attr(NATIVE_KEYS.requestModel));
  const responseModel =
    str(responseBody.model) ?? str(responseBody.modelId) ?? str(attr(NATIVE_KEYS.responseModel));
  const model = str(td.model) ?? responseModel ?? requestModel;
  const kind = toKind(str(td.kind) ?? str(attr(NATIVE_KEYS.kind)), model, method);
  const isModelCall = kind === "llm" || kind === "embedding";

  const provider = toProvider(attributes, [model, requestModel], isModelCall ? method : null);

  const hasRaw = rawRequest !== undefined || rawResponse !== undefined;
  const parsed = hasRaw
    ? parseRawContent({ method, provider, request: rawRequest, response: rawResponse })
    : null;
  const usage = toUsage(td, attributes, provider);
  const providerMetadata = readProviderMetadataUsage(parseJsonish(attr(NATIVE_KEYS.rawProviderMetadata)));
  const reportedCost =
    toCount(attr(NATIVE_KEYS.costReportedUsd)) ??
    providerMetadata.reportedCostUsd ??
    readUsageCost(parseJsonish(attr(NATIVE_KEYS.rawUsage)));

  const configKey = str(td.config_key) ?? str(attr(NATIVE_KEYS.configKey)) ?? str(headers.configKey);
  const sessionId = str(td.session_id) ?? str(attr(NATIVE_KEYS.sessionId)) ?? str(headers.sessionId);
  const customerId = str(td.customer_id) ?? str(attr(NATIVE_KEYS.customerId)) ?? str(headers.customerId);

  const {
    [NATIVE_KEYS.rawRequest]: _request,
    [NATIVE_KEYS.rawResponse]: _response,
    ...keptAttributes
  } = attributes;
  const streamFlag =
    bool(td.is_streaming) ??
    bool(attr(NATIVE_KEYS.isStreaming)) ??
    bool(attr(NATIVE_KEYS.requestStream)) ??
    bool(requestBody.stream);
  const errorMessage = str(td.error_message);
  const status = str(td.status)?.toUpperCase() ?? (errorMessage ? "ERROR" : "OK");

  const record: SpanRecord = {
    trace_id: hexId(td.trace_id, 32) ?? randomHex(32),
    span_id: hexId(td.span_id, 16) ?? randomHex(16),
    parent_span_id: hexId(td.parent_span_id, 16),
    name: str(td.name) ?? method ?? kind,
    kind,
    source: "native",
    ...toTiming(td, now()),
    time_to_first_token_ms: toTimeToFirstToken(td, attributes),
    is_streaming: streamFlag ?? (isModelCall && STREAMING_METHOD.test(methodKey(method))),
    status: status === "ERROR" ? "ERROR" : "OK",
    error_type: str(attr(NATIVE_KEYS.errorType)),
    error_message: errorMessage,
    config_key: configKey ?? "default",
    session_id: sessionId,
    customer_id: customerId,
    metadata: toMetadata(td, attributes),
    tags: toTags(td.tags, attr(NATIVE_KEYS.tags)),
    // Only LLM spans carry prompt linkage (SPEC §8.4), so request-wide headers don't tag tool spans.
    ...toPromptLinkage(td, attributes, isModelCall ? headers : {}),
    provider,
    upstream_provider: null,
    operation: toOperation(kind, method, str(attr(NATIVE_KEYS.operationName))),
    request_model: requestModel ?? (responseModel ? null : model),
    response_model: responseModel,
    model,
    response_id: str(attr(NATIVE_KEYS.responseId)) ?? parsed?.response_id ?? null,
    finish_reasons: toFinishReasons(parsed, attributes),
    input_tokens: usage?.input_tokens ?? null,
    output_tokens: usage?.output_tokens ?? null,
    cache_read_tokens: usage?.cache_read_tokens ?? null,
    cache_write_tokens: usage?.cache_write_tokens ?? null,
    reasoning_tokens: usage?.reasoning_tokens ?? null,
    total_tokens: usage?.total_tokens ?? null,
    reported_cost_usd: reportedCost,
    reported_input_cost_usd: null,
    reported_output_cost_usd: null,
    cost_usd: null,
    input_cost_usd: null,
    output_cost_usd: null,
    cost_status: reportedCost !== null ? "provider" : usage !== null ? "unpriced" : "no_usage",
    price_ref: null,
    request_params: toRequestParams(rawRequest, attributes),
    ...toContent(td, attributes, parsed),
    raw_request: rawRequest ?? null,
    raw_response: rawResponse ?? null,
    attributes: keptAttributes,
    events: [],
    resource: {},
    is_aggregate: false,
    duplicate_of: null,
  };
  return {
    record,
    ownContext: {
      configKey: configKey !== null,
      sessionId: sessionId !== null,
      customerId: customerId !== null,
    },
  };
}
