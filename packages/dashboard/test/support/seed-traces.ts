/**
 * Demo data for the dashboard tests, sent to the real server's `POST /v1/traces` as native
 * TraceData (SPEC §5.3), the way the original SDKs send it. Kept in this one file so the TypeScript
 * SDK's `npm run demo` can replace it later.
 *
 * What it makes (times relative to `now`, all within the last hour):
 * - session `sess-alpha` (customer `acme-corp`, tags web+beta): a 3-call conversation with gpt-4o —
 *   an image question (PNG data URI), a tool call, the tool result and the answer;
 * - session `sess-beta` (customer `globex`, tag mobile): a multi-span agent trace (agent root +
 *   two Claude calls) for the waterfall;
 * - session `sess-gamma` (customer `initech`, tag web): calls to an unknown model (unpriced),
 *   one of them an error.
 */
import { randomBytes } from "node:crypto";

/** A 2×2 PNG, red and blue pixels. */
export const PNG_DATA_URI =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4zwAEIOI/kAAAG/ID/VxhF44AAAAASUVORK5CYII=";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

interface CallOptions {
  config_key: string;
  session_id: string;
  customer_id: string;
  tags: string[];
  metadata?: Record<string, string | number | boolean>;
  trace_id?: string;
  span_id?: string;
  parent_span_id?: string;
  name: string;
  model: string;
  start: number;
  durationMs: number;
  method: string;
  provider: string;
  request: unknown;
  response: unknown;
  usage: unknown;
  status?: "OK" | "ERROR";
  error_message?: string;
  ttftMs?: number;
}

function nativeCall(o: CallOptions): Record<string, unknown> {
  return {
    config_key: o.config_key,
    session_id: o.session_id,
    customer_id: o.customer_id,
    tags: o.tags,
    metadata: o.metadata ?? {},
    trace_id: o.trace_id ?? hex(16),
    span_id: o.span_id ?? hex(8),
    ...(o.parent_span_id ? { parent_span_id: o.parent_span_id } : {}),
    name: o.name,
    kind: "llm",
    model: o.model,
    start_time: iso(o.start),
    end_time: iso(o.start + o.durationMs),
    duration_ms: o.durationMs,
    status: o.status ?? "OK",
    ...(o.error_message ? { error_message: o.error_message } : {}),
    ...(o.ttftMs !== undefined ? { time_to_first_token_ms: o.ttftMs, is_streaming: true } : {}),
    attributes: {
      "fallom.sdk_version": "2",
      "fallom.method": o.method,
      "fallom.provider": o.provider,
      "fallom.raw.request": JSON.stringify(o.request),
      "fallom.raw.response": JSON.stringify(o.response),
      "fallom.raw.usage": JSON.stringify(o.usage),
    },
  };
}

const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

/** Every seed span, oldest first. */
export function seedSpans(now = Date.now()): Array<Record<string, unknown>> {
  const t0 = now - 50 * 60_000;
  const alpha = {
    config_key: "chat",
    session_id: "sess-alpha",
    customer_id: "acme-corp",
    tags: ["web", "beta"],
    metadata: { plan: "pro" },
    provider: "openai",
    method: "chat.completions.create",
    name: "chat.completions.create",
    model: "gpt-4o",
  };
  const imageQuestion = [
    { role: "system", content: "You are a concise assistant for a paint shop." },
    {
      role: "user",
      content: [
        { type: "text", text: "Which colours are in this swatch?" },
        { type: "image_url", image_url: { url: PNG_DATA_URI } },
      ],
    },
  ];
  const toolTurn = [
    ...imageQuestion,
    { role: "assistant", content: "Red and blue." },
    { role: "user", content: "Is it sunny in Lyon today? Then I paint outside." },
  ];
  const toolCall = {
    id: "call_weather_1",
    type: "function",
    function: { name: "get_weather", arguments: '{"city":"Lyon"}' },
  };
  const spans: Array<Record<string, unknown>> = [
    nativeCall({
      ...alpha,
      start: t0,
      durationMs: 812,
      request: { model: "gpt-4o", messages: imageQuestion },
      response: { text: "Red and blue.", finishReason: "stop", responseId: "chatcmpl-a1", model: "gpt-4o" },
      usage: { prompt_tokens: 1200, completion_tokens: 50, prompt_tokens_details: { cached_tokens: 1000 } },
    }),
    nativeCall({
      ...alpha,
      start: t0 + 60_000,
      durationMs: 640,
      ttftMs: 210,
      request: { model: "gpt-4o", messages: toolTurn, tools: [WEATHER_TOOL] },
      response: {
        text: "",
        finishReason: "tool_calls",
        responseId: "chatcmpl-a2",
        model: "gpt-4o",
        toolCalls: [toolCall],
      },
      usage: { prompt_tokens: 300, completion_tokens: 20 },
    }),
    nativeCall({
      ...alpha,
      start: t0 + 61_000,
      durationMs: 720,
      ttftMs: 180,
      request: {
        model: "gpt-4o",
        messages: [
          ...toolTurn,
          { role: "assistant", content: null, tool_calls: [toolCall] },
          {
            role: "tool",
            tool_call_id: "call_weather_1",
            content: '{"city":"Lyon","sky":"sunny","celsius":21}',
          },
        ],
        tools: [WEATHER_TOOL],
      },
      response: {
        text: "Yes, it is sunny and 21 °C in Lyon: a good day to paint outside.",
        finishReason: "stop",
        responseId: "chatcmpl-a3",
        model: "gpt-4o",
      },
      usage: { prompt_tokens: 360, completion_tokens: 24 },
    }),
  ];

  const betaTrace = hex(16);
  const agentSpan = hex(8);
  const betaStart = t0 + 10 * 60_000;
  spans.push({
    config_key: "support-agent",
    session_id: "sess-beta",
    customer_id: "globex",
    tags: ["mobile"],
    trace_id: betaTrace,
    span_id: agentSpan,
    name: "agent.support.generate",
    kind: "agent",
    start_time: iso(betaStart),
    end_time: iso(betaStart + 2600),
    duration_ms: 2600,
    status: "OK",
    attributes: { "fallom.sdk_version": "2" },
  });
  const beta = {
    config_key: "support-agent",
    session_id: "sess-beta",
    customer_id: "globex",
    tags: ["mobile"],
    trace_id: betaTrace,
    parent_span_id: agentSpan,
    provider: "anthropic",
    method: "messages.create",
    name: "messages.create",
    model: "claude-sonnet-4-20250514",
  };
  spans.push(
    nativeCall({
      ...beta,
      start: betaStart + 100,
      durationMs: 1100,
      request: {
        model: beta.model,
        system: "Triage the ticket.",
        messages: [{ role: "user", content: "My invoice is wrong." }],
      },
      response: {
        text: "Category: billing.",
        finishReason: "end_turn",
        responseId: "msg_b1",
        model: beta.model,
      },
      usage: { input_tokens: 200, cache_read_input_tokens: 1000, output_tokens: 40 },
    }),
    nativeCall({
      ...beta,
      start: betaStart + 1300,
      durationMs: 1200,
      request: {
        model: beta.model,
        system: "Write the reply.",
        messages: [{ role: "user", content: "Category: billing. Ticket: My invoice is wrong." }],
      },
      response: {
        text: "Sorry about that! I've asked billing to correct your invoice.",
        finishReason: "end_turn",
        responseId: "msg_b2",
        model: beta.model,
      },
      usage: { input_tokens: 180, output_tokens: 60 },
    }),
  );

  const gamma = {
    config_key: "summarise",
    session_id: "sess-gamma",
    customer_id: "initech",
    tags: ["web"],
    provider: "acme",
    method: "chat.completions.create",
    name: "chat.completions.create",
    model: "acme-llm-1",
  };
  spans.push(
    nativeCall({
      ...gamma,
      start: t0 + 20 * 60_000,
      durationMs: 900,
      request: {
        model: gamma.model,
        messages: [{ role: "user", content: "Summarise: the quarterly report is late." }],
      },
      response: { text: "Report delayed.", finishReason: "stop", responseId: "r-g1", model: gamma.model },
      usage: { prompt_tokens: 90, completion_tokens: 5 },
    }),
    nativeCall({
      ...gamma,
      start: t0 + 21 * 60_000,
      durationMs: 3000,
      status: "ERROR",
      error_message: "429 Rate limit exceeded",
      request: { model: gamma.model, messages: [{ role: "user", content: "Summarise again." }] },
      response: {},
      usage: {},
    }),
  );
  return spans;
}

/**
 * One more chat call for the "live" test, `secondsAgo` before now, with a recognisable session.
 */
export function liveSpan(sessionId: string, now = Date.now()): Record<string, unknown> {
  return nativeCall({
    config_key: "chat",
    session_id: sessionId,
    customer_id: "live-customer",
    tags: ["live"],
    provider: "openai",
    method: "chat.completions.create",
    name: "chat.completions.create",
    model: "gpt-4o-mini",
    start: now - 1000,
    durationMs: 400,
    request: { model: "gpt-4o-mini", messages: [{ role: "user", content: `Live hello from ${sessionId}` }] },
    response: { text: "Hi!", finishReason: "stop", responseId: `live-${sessionId}`, model: "gpt-4o-mini" },
    usage: { prompt_tokens: 12, completion_tokens: 3 },
  });
}

/** Sends spans one request each (the original SDKs never batch); throws on a non-200. */
export async function sendSpans(
  baseUrl: string,
  apiKey: string,
  spans: Array<Record<string, unknown>>,
): Promise<void> {
  for (const span of spans) {
    const response = await fetch(`${baseUrl}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(span),
    });
    if (response.status !== 200)
      throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  }
}
