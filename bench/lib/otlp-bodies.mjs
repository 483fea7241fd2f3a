/**
 * Builds OTLP/HTTP protobuf request bodies (`ExportTraceServiceRequest`) that look like what our
 * SDKs send (SPEC §5.4, §6.1): resource `telemetry.sdk.name=@fallom/trace`, `fallom.*` context
 * on every span, `gen_ai.*` model/usage attributes, and gated `fallom.raw.request` /
 * `fallom.raw.response` JSON with about 1 KB of message text. Encoded with protobufjs over the
 * same vendored opentelemetry-proto the server decodes with.
 *
 * @example
 * const encoder = loadOtlpEncoder();
 * const body = buildRequestBody(encoder, random, { spans: 100, sessions, customers, baseNanos });
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import { CONFIG_KEYS, ERROR_TYPES, MODELS, PLANS, REGIONS, SERVER_ADDRESS, TAGS } from "./catalog.mjs";
import { cumulativeWeights, makeText, zipfWeights } from "./seeded-random.mjs";

const VENDOR = fileURLToPath(new URL("../../packages/server/vendor/opentelemetry-proto/", import.meta.url));

export function loadOtlpEncoder() {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(VENDOR, target);
  root.loadSync(["opentelemetry/proto/collector/trace/v1/trace_service.proto"]);
  root.resolveAll();
  return root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
}

/** @param {unknown} value */
function anyValue(value) {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number")
    return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  throw new Error(`unsupported attribute value ${String(value)}`);
}

/** @param {Record<string, unknown>} attributes */
const keyValues = (attributes) =>
  Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => ({ key, value: anyValue(value) }));

const MODEL_WEIGHTS = cumulativeWeights(MODELS.map((m) => m.weight));

/**
 * Raw request / response in the §5.3 shape of the model's SDK method.
 * @param {(typeof MODELS)[number]} model
 * @param {{ system: string, user: string, answer: string, responseId: string, finish: string }} parts
 */
function rawPayloads(model, parts) {
  if (model.provider === "anthropic") {
    return {
      request: {
        model: model.model,
        system: parts.system,
        messages: [{ role: "user", content: parts.user }],
        max_tokens: 1024,
      },
      response: {
        text: parts.answer,
        finishReason: parts.finish === "stop" ? "end_turn" : "max_tokens",
        responseId: parts.responseId,
        model: model.model,
        toolCalls: [],
        content: [{ type: "text", text: parts.answer }],
      },
    };
  }
  if (model.provider === "google") {
    return {
      request: {
        model: model.model,
        contents: [{ role: "user", parts: [{ text: parts.user }] }],
        config: { systemInstruction: parts.system, temperature: 0.3 },
      },
      response: {
        text: parts.answer,
        candidates: 1,
        finishReason: parts.finish === "stop" ? "STOP" : "MAX_TOKENS",
      },
    };
  }
  return {
    request: {
      model: model.model,
      messages: [
        { role: "system", content: parts.system },
        { role: "user", content: parts.user },
      ],
    },
    response: {
      text: parts.answer,
      finishReason: parts.finish,
      responseId: parts.responseId,
      model: model.model,
      toolCalls: [],
    },
  };
}

/**
 * One ExportTraceServiceRequest with `spans` LLM spans. Every fifth span is a child of the span
 * before it (same trace), the rest are roots of their own trace, as wrapped calls outside a manual
 * span are (SPEC §2.6). Ids come from `random`, so bodies built from one seed never collide.
 *
 * @param {import("protobufjs").Type} encoder
 * @param {ReturnType<typeof import("./seeded-random.mjs").createRandom>} random
 * @param {{ spans: number, sessions: number, customers: number, baseNanos: bigint, contentChars?: number }} options
 * @returns {Uint8Array}
 */
export function buildRequestBody(encoder, random, options) {
  const contentChars = options.contentChars ?? 1000;
  const customerWeights = cumulativeWeights(zipfWeights(options.customers, 0.8));
  const spans = [];
  /** @type {{ traceId: Buffer, spanId: Buffer } | null} */
  let previous = null;
  for (let i = 0; i < options.spans; i += 1) {
    const model = MODELS[random.weighted(MODEL_WEIGHTS)] ?? MODELS[0];
    const sessionIndex = random.int(0, options.sessions - 1);
    const customer = `cus_${String(random.weighted(customerWeights)).padStart(4, "0")}`;
    const isChild = previous !== null && i % 5 === 4;
    const traceId = isChild && previous ? previous.traceId : Buffer.from(random.hex(32), "hex");
    const spanId = Buffer.from(random.hex(16), "hex");
    const startNanos = options.baseNanos + BigInt(random.int(0, 60_000_000)) * 1000n;
    const durationMs = Math.round(random.logNormal(900, 0.7));
    const streaming = random.next() < 0.4;
    const ttftSeconds = streaming ? Math.round(random.logNormal(350, 0.5)) / 1000 : undefined;
    const inputTokens = Math.round(random.logNormal(900, 0.8)) + 20;
    const outputTokens = Math.round(random.logNormal(180, 0.7)) + 5;
    const cacheRead = random.next() < 0.3 ? Math.floor(inputTokens * 0.5) : 0;
    const reasoning = model.reasoning ? Math.floor(outputTokens * 0.6) : 0;
    const failed = random.next() < 0.02;
    const finish = random.next() < 0.95 ? "stop" : "length";
    const responseId = `resp_${random.hex(24)}`;
    const systemChars = Math.round(contentChars * 0.2);
    const answerChars = Math.round(contentChars * 0.3);
    const raw = rawPayloads(model, {
      system: makeText(random, systemChars),
      user: makeText(random, contentChars - systemChars - answerChars),
      answer: makeText(random, answerChars),
      responseId,
      finish,
    });
    const tags = TAGS.filter(() => random.next() < 0.15);
    const attributes = {
      "fallom.config_key": CONFIG_KEYS[sessionIndex % CONFIG_KEYS.length],
      "fallom.session_id": `sess_${String(sessionIndex).padStart(5, "0")}`,
      "fallom.customer_id": customer,
      "fallom.tags": tags.length > 0 ? tags : undefined,
      "fallom.metadata.plan": PLANS[sessionIndex % PLANS.length],
      "fallom.metadata.region": random.pick(REGIONS),
      "fallom.metadata.app_version": `2.${random.int(0, 9)}.${random.int(0, 20)}`,
      "fallom.sdk_version": "3",
      "fallom.method": model.method,
      "fallom.kind": "llm",
      "gen_ai.operation.name": model.provider === "google" ? "generate_content" : "chat",
      "gen_ai.provider.name": model.provider === "google" ? "gcp.gemini" : model.provider,
      "gen_ai.request.model": model.model,
      "gen_ai.response.model": model.model,
      "gen_ai.response.id": responseId,
      "gen_ai.response.finish_reasons": [finish],
      "gen_ai.request.stream": streaming,
      "gen_ai.request.temperature": 0.3,
      "gen_ai.request.max_tokens": 1024,
      "server.address": SERVER_ADDRESS[/** @type {keyof typeof SERVER_ADDRESS} */ (model.provider)],
      "gen_ai.usage.input_tokens": inputTokens,
      "gen_ai.usage.output_tokens": outputTokens,
      "gen_ai.usage.cache_read.input_tokens": cacheRead || undefined,
      "gen_ai.usage.reasoning.output_tokens": reasoning || undefined,
      "gen_ai.response.time_to_first_chunk": ttftSeconds,
      "fallom.raw.usage": JSON.stringify({
        prompt_tokens: inputTokens,
        completion_tokens: outputTokens,
        total_tokens: inputTokens + outputTokens,
      }),
      "fallom.raw.request": JSON.stringify(raw.request),
      "fallom.raw.response": JSON.stringify(raw.response),
      "error.type": failed ? random.pick(ERROR_TYPES) : undefined,
    };
    spans.push({
      traceId,
      spanId,
      parentSpanId: isChild && previous ? previous.spanId : undefined,
      name: model.method,
      kind: 3, // CLIENT
      startTimeUnixNano: startNanos.toString(),
      endTimeUnixNano: (startNanos + BigInt(durationMs) * 1_000_000n).toString(),
      attributes: keyValues(attributes),
      status: failed ? { code: 2, message: "upstream returned 429: rate limited" } : { code: 1 },
    });
    previous = { traceId, spanId };
  }
  const request = encoder.fromObject({
    resourceSpans: [
      {
        resource: {
          attributes: keyValues({
            "service.name": "bench-app",
            "telemetry.sdk.name": "@fallom/trace",
            "telemetry.sdk.language": "nodejs",
            "telemetry.sdk.version": "0.1.0",
          }),
        },
        scopeSpans: [{ scope: { name: "@fallom/trace", version: "0.1.0" }, spans }],
      },
    ],
  });
  return encoder.encode(request).finish();
}
