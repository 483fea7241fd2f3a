/**
 * The collector over real HTTP: every body type, the status table of SPEC §5.2, idempotency,
 * partial success and media, against the real server on SQLite.
 */
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureBytes, fixtureJson, fixtureText } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function span(spanId: string, include = false) {
  return server.getJson(`/api/v1/spans/${spanId}${include ? "?include=content" : ""}`);
}

describe("POST /v1/traces with OTLP JSON", () => {
  it("stores an OpenRouter Broadcast span with the provider-reported cost", async () => {
    const response = await server.postJson("/v1/traces", fixtureJson("openrouter-broadcast-root-only.json"));
    expect(response.status).toBe(200);
    expect((await response.json()) as any).toEqual({});
    const record = await span("189459c7825e1561", true);
    expect(record).toMatchObject({
      trace_id: "189459c7825e1561f401e8f11f75c848",
      source: "openrouter",
      provider: "openrouter",
      upstream_provider: "Google AI Studio",
      model: "google/gemini-2.5-flash",
      input_tokens: 7342,
      output_tokens: 1164,
      total_tokens: 8506,
      cache_read_tokens: 5760,
      reasoning_tokens: 719,
      time_to_first_token_ms: 1837,
      is_streaming: false,
      session_id: "inbox-7c41e2d0-priya",
      customer_id: "cust_8KqT2wVxN4",
      config_key: "ticket-summarizer",
      metadata: { feature: "inbox-digest" },
      cost_status: "provider",
      cost_usd: 0.0038166,
      finish_reasons: ["stop"],
      response_id: "gen-1794994937-TAGiDO5psXGHgQT4Rrg3",
      start_time: "2026-11-18T09:42:17.318000Z",
      duration_ms: 6947,
    });
    expect(record.input_messages.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(record.output_messages).toHaveLength(1);
  });

  it("answers the Test Connection probe and an empty object with an empty success", async () => {
    for (const body of [fixtureJson("openrouter-test-connection.json"), {}]) {
      const response = await server.postJson("/v1/traces", body, { "x-test-connection": "true" });
      expect(response.status).toBe(200);
      expect((await response.json()) as any).toEqual({});
    }
  });

  it("accepts gzip-compressed OTLP JSON", async () => {
    const body = gzipSync(fixtureText("otel-genai-deprecated-events.json"));
    const response = await server.post("/v1/traces", body, {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(response.status).toBe(200);
    const record = await span("3692b1544539a2e4");
    expect(record).toMatchObject({
      provider: "openai",
      input_tokens: 1437,
      output_tokens: 286,
      cost_status: "computed",
    });
    expect(record.cost_usd).toBeGreaterThan(0);
  });

  it("stores a Vercel AI SDK span set with the root excluded from trace totals", async () => {
    const response = await server.postJson("/v1/traces", fixtureJson("vercel-ai-sdk-v6-streamtext.json"));
    expect(response.status).toBe(200);
    const trace = await server.getJson("/api/v1/traces/813e5799bc7191ed59a286d224dcf76a");
    expect(trace).toMatchObject({ span_count: 4, llm_calls: 2, input_tokens: 6624, output_tokens: 581 });
    const step1 = await span("6b9abd17a36ee731");
    expect(step1).toMatchObject({
      kind: "llm",
      time_to_first_token_ms: 612.41,
      is_streaming: true,
      session_id: "fh-chat-0b7e44",
      config_key: "support-chat",
      cache_read_tokens: 2816,
      cost_status: "computed",
    });
    const tool = await span("024faaf2a9361de9");
    // SPEC §6.4 E9: the tool span inherits its root's session context.
    expect(tool).toMatchObject({ kind: "tool", session_id: "fh-chat-0b7e44", cost_status: "no_usage" });
  });
});

describe("X-Fallom-* headers", () => {
  it("supply session and prompt context for spans that carry none, after fallom.* attributes", async () => {
    // A copy under a new span id: the original is stored by another test, and the first stored
    // version of a span wins.
    const body = JSON.parse(
      fixtureText("otel-genai-deprecated-events.json").replaceAll("3692b1544539a2e4", "3692b1544539a2e5"),
    );
    const response = await server.postJson("/v1/traces", body, {
      "x-fallom-config-key": "header-config",
      "x-fallom-session-id": "header-session",
      "x-fallom-customer-id": "header-customer",
      "x-fallom-prompt-key": "faq",
      "x-fallom-prompt-version": "4",
    });
    expect(response.status).toBe(200);
    // The span has session.id / enduser.id of its own: the headers rank above those (SPEC §6.2).
    expect(await span("3692b1544539a2e5")).toMatchObject({
      config_key: "header-config",
      session_id: "header-session",
      customer_id: "header-customer",
      prompt_key: "faq",
      prompt_version: 4,
    });
    // A span with fallom.session_id keeps it: fallom.* attributes rank above the headers.
    await server.postJson("/v1/traces", fixtureJson("otel-genai-current.json"), {
      "x-fallom-session-id": "ignored",
    });
    expect((await span("561587c6f37c6cc4")).session_id).toBe("claim-chat-4b1f9e");
  });
});

describe("POST /v1/traces with native TraceData", () => {
  it("stores each usage shape with tokens and cost", async () => {
    const cases: Array<[string, string, Record<string, unknown>]> = [
      [
        "native-tracedata-openai-chat.json",
        "aef7ca31b39d6d7d",
        { input_tokens: 3847, cache_read_tokens: 2944, reasoning_tokens: 832 },
      ],
      [
        "native-tracedata-openai-responses.json",
        "dd5f0fcee04e17d5",
        { input_tokens: 2211, output_tokens: 604 },
      ],
      [
        "native-tracedata-anthropic-messages.json",
        "cc930f6ca79f5bd3",
        { input_tokens: 20990, cache_write_tokens: 2219 },
      ],
      [
        "native-tracedata-google-generate-content.json",
        "88980f54c1765aa9",
        { output_tokens: 1171, reasoning_tokens: 783 },
      ],
      [
        "native-tracedata-legacy-0.1.json",
        "cf99be99955e1963",
        { input_tokens: 642, prompt_ab_test_key: "welcome-tone" },
      ],
    ];
    for (const [file, spanId, expected] of cases) {
      const response = await server.postJson("/v1/traces", fixtureJson(file));
      expect(response.status, file).toBe(200);
      expect((await response.json()) as any).toEqual({});
      const record = await span(spanId);
      expect(record, file).toMatchObject({ source: "native", cost_status: "computed", ...expected });
      expect(record.cost_usd, file).toBeGreaterThan(0);
    }
  });

  it("keeps the provider-reported OpenRouter cost of a Vercel stream and its TTFT", async () => {
    await server.postJson("/v1/traces", fixtureJson("native-tracedata-vercel-streamtext.json"));
    expect(await span("27a08cee122e0142")).toMatchObject({
      cost_status: "provider",
      cost_usd: 0.00266736,
      time_to_first_token_ms: 742,
      is_streaming: true,
    });
  });

  it("records an error call without inventing a cost", async () => {
    await server.postJson("/v1/traces", fixtureJson("native-tracedata-error.json"));
    const record = await span("42b1cc0469e3d9b3");
    expect(record.status).toBe("ERROR");
    expect(record.error_message).toMatch(/^429 Rate limit reached for gpt-4.1/);
    expect(record.cost_usd).toBeNull();
    expect(record.cost_status).toBe("no_usage");
  });

  it("moves an inline image to the media store and serves it only with a key", async () => {
    await server.postJson("/v1/traces", fixtureJson("native-tracedata-image-input.json"));
    const sha = "8af2967a7109d7106f9ecbf50b55ad19b8cc9617725a86fe0995c275966a6e34";
    const record = await span("1bf8d58ffcdf65fc", true);
    const text = JSON.stringify(record.input_messages);
    expect(text).toContain(`${server.url}/media/${sha}`);
    expect(text).not.toContain("base64");
    const media = await server.get(`/media/${sha}`);
    expect(media.status).toBe(200);
    expect(media.headers.get("content-type")).toBe("image/png");
    expect((await media.arrayBuffer()).byteLength).toBe(69);
    expect((await fetch(`${server.url}/media/${sha}`)).status).toBe(401);
  });
});

describe("bad input", () => {
  it("stores the good span of a batch with a zero span id and reports the rejected one", async () => {
    const response = await server.postJson("/v1/traces", fixtureJson("invalid/otlp-zero-span-id.json"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.partialSuccess.rejectedSpans).toBe("1");
    expect(body.partialSuccess.errorMessage).toMatch(/span/i);
    expect(await span("a7f8cbd03e4daff5")).toMatchObject({
      input_tokens: 812,
      output_tokens: 67,
      session_id: "inv-sess-7731",
    });
  });

  it("rejects a span with a wrong-length trace id and stores nothing", async () => {
    const response = await server.postJson(
      "/v1/traces",
      fixtureJson("invalid/otlp-wrong-length-trace-id.json"),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).partialSuccess.rejectedSpans).toBe("1");
  });

  it("stores the valid element of a native array and counts the bad one", async () => {
    const response = await server.postJson("/v1/traces", fixtureJson("invalid/native-array-one-bad.json"));
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).partialSuccess.rejectedSpans).toBe("1");
    expect(await span("f876d1e0963a2aff")).toMatchObject({ input_tokens: 377, output_tokens: 29 });
  });

  it("answers 400 naming the problem for a native object without session_id", async () => {
    const response = await server.postJson(
      "/v1/traces",
      fixtureJson("invalid/native-missing-session-id.json"),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.error).toMatch(/session_id/);
    expect(typeof body.code).toBe("string");
  });

  it("answers 400 with a google.rpc.Status for truncated OTLP JSON", async () => {
    const response = await server.post("/v1/traces", fixtureText("invalid/truncated-otlp.txt"), {
      "content-type": "application/json",
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.message ?? body.error).toMatch(/JSON/);
  });

  it("answers 400 with a protobuf Status for random protobuf bytes", async () => {
    const response = await server.post("/v1/traces", fixtureBytes("invalid/protobuf-random.bin"), {
      "content-type": "application/x-protobuf",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/protobuf/);
  });

  it("answers 415 for an unsupported content type or encoding", async () => {
    const xml = await server.post("/v1/traces", "<spans/>", { "content-type": "application/xml" });
    expect(xml.status).toBe(415);
    expect(((await xml.json()) as any).error).toMatch(/application\/x-protobuf/);
    const brotli = await server.post("/v1/traces", "{}", {
      "content-type": "application/json",
      "content-encoding": "br",
    });
    expect(brotli.status).toBe(415);
  });

  it("answers 413 naming the limit for a body over the cap", async () => {
    const big = JSON.stringify({
      resourceSpans: [],
      padding: "x".repeat(server.server.config.maxBodyBytes + 10),
    });
    const response = await server.post("/v1/traces", big, { "content-type": "application/json" });
    expect(response.status).toBe(413);
    expect(JSON.stringify((await response.json()) as any)).toMatch(String(server.server.config.maxBodyBytes));
  });

  it("answers 401 for a missing or unknown key, and keeps serving", async () => {
    const body = JSON.stringify(fixtureJson("otel-genai-current.json"));
    const none = await fetch(`${server.url}/v1/traces`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    });
    expect(none.status).toBe(401);
    const wrong = await fetch(`${server.url}/v1/traces`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", authorization: "Bearer flm_notakey" },
    });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await server.get("/api/v1/spans?limit=1")).status).toBe(200);
  });
});

describe("idempotency", () => {
  it("does not duplicate a retried batch", async () => {
    const body = fixtureJson("openllmetry-openai.json");
    for (let i = 0; i < 3; i++) expect((await server.postJson("/v1/traces", body)).status).toBe(200);
    const list = await server.getJson("/api/v1/spans?trace_id=0a5627278bd0bfa3c5670424a222e4d4");
    expect(list.data).toHaveLength(2);
  });
});
