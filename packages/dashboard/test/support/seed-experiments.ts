/**
 * Demo traffic for the experiments pages, sent the way our SDKs send it: OTLP/HTTP JSON spans
 * carrying `fallom.config_key`, `fallom.session_id` and, for prompt A/B tests, the
 * `fallom.prompt_*` linkage (SPEC §6.1); model assignments through `POST /sessions` and custom
 * metrics through `POST /spans`, as `models.get` and `trace.span` do.
 */
import { randomBytes } from "node:crypto";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

type AttributeValue = string | number | boolean;

function toOtlpValue(value: AttributeValue): Record<string, unknown> {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

export interface ExperimentCall {
  sessionId: string;
  configKey: string;
  model: string;
  /** Start, epoch ms. */
  start: number;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  error?: boolean;
  /** Streamed calls get a time to first token. */
  ttftMs?: number;
  prompt?: { key: string; version: number; abTestKey?: string; variantIndex?: number };
}

/** One LLM span as OTLP JSON `Span` with the attributes of SPEC §6.1. */
export function otlpCall(call: ExperimentCall): Record<string, unknown> {
  const attributes: Record<string, AttributeValue> = {
    "fallom.config_key": call.configKey,
    "fallom.session_id": call.sessionId,
    "fallom.sdk_version": "3",
    "fallom.method": "chat.completions.create",
    "fallom.kind": "llm",
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": call.model,
    "gen_ai.response.model": call.model,
    "gen_ai.usage.input_tokens": call.inputTokens,
    "gen_ai.usage.output_tokens": call.outputTokens,
    "fallom.raw.usage": JSON.stringify({
      prompt_tokens: call.inputTokens,
      completion_tokens: call.outputTokens,
    }),
  };
  if (call.ttftMs !== undefined) {
    attributes["gen_ai.request.stream"] = true;
    attributes["gen_ai.response.time_to_first_chunk"] = call.ttftMs / 1000;
  }
  if (call.prompt) {
    attributes["fallom.prompt_key"] = call.prompt.key;
    attributes["fallom.prompt_version"] = call.prompt.version;
    if (call.prompt.abTestKey !== undefined) attributes["fallom.prompt_ab_test_key"] = call.prompt.abTestKey;
    if (call.prompt.variantIndex !== undefined)
      attributes["fallom.prompt_variant_index"] = call.prompt.variantIndex;
  }
  if (call.error) attributes["error.type"] = "RateLimitError";
  const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString();
  return {
    traceId: hex(16),
    spanId: hex(8),
    name: "chat.completions.create",
    kind: 3,
    startTimeUnixNano: nanos(call.start),
    endTimeUnixNano: nanos(call.start + call.durationMs),
    status: call.error ? { code: 2, message: "429 Rate limit exceeded" } : { code: 1 },
    attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: toOtlpValue(value) })),
  };
}

async function post(baseUrl: string, apiKey: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A bearer-key POST that throws on a non-2xx answer. */
export const apiPost = post;

/** Sends the calls as one OTLP/HTTP JSON export, like an SDK batch. */
export async function sendOtlpCalls(baseUrl: string, apiKey: string, calls: ExperimentCall[]): Promise<void> {
  await post(baseUrl, apiKey, "/v1/traces", {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: "service.name", value: { stringValue: "experiments-demo" } },
            { key: "telemetry.sdk.name", value: { stringValue: "@fallom/trace" } },
          ],
        },
        scopeSpans: [{ scope: { name: "@fallom/trace" }, spans: calls.map(otlpCall) }],
      },
    ],
  });
}

/** `POST /sessions`: what `models.get` records for an assignment. */
export function recordAssignment(
  baseUrl: string,
  apiKey: string,
  assignment: { configKey: string; version: number; sessionId: string; model: string },
): Promise<unknown> {
  return post(baseUrl, apiKey, "/sessions", {
    config_key: assignment.configKey,
    config_version: assignment.version,
    session_id: assignment.sessionId,
    assigned_model: assignment.model,
  });
}

/** `POST /spans`: custom business metrics of a session. */
export function sendCustomMetrics(
  baseUrl: string,
  apiKey: string,
  configKey: string,
  sessionId: string,
  data: Record<string, number | string | boolean>,
): Promise<unknown> {
  return post(baseUrl, apiKey, "/spans", { config_key: configKey, session_id: sessionId, data });
}
