import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { mockReplyText } from "./domain/mock-text.js";
import { startMockLlm } from "./start-mock-llm.js";
import { useMockLlm } from "./test-support/use-mock-llm.js";

const mock = useMockLlm();
const client = (headers: Record<string, string> = {}) =>
  new OpenAI({
    apiKey: "test-key",
    baseURL: `${mock.current.url}/v1`,
    maxRetries: 0,
    defaultHeaders: headers,
  });
const chat = (headers: Record<string, string> = {}, model = "gpt-4o") =>
  client(headers).chat.completions.create({ model, messages: [{ role: "user", content: "Hi" }] });
const chatStream = (headers: Record<string, string>) =>
  client(headers).chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "user", content: "Hello stream" }],
    stream: true,
  });

describe("startMockLlm", () => {
  it("listens on a free port of 127.0.0.1 and reports its url", () => {
    expect(mock.current.url).toBe(`http://127.0.0.1:${mock.current.port}`);
    expect(mock.current.port).toBeGreaterThan(0);
  });

  it("records method, path, query, headers and the parsed JSON body of every request", async () => {
    await fetch(`${mock.current.url}/v1/chat/completions?trace=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-custom": "yes" },
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] }),
    });
    await fetch(`${mock.current.url}/v1/models`);
    expect(mock.current.requests).toHaveLength(2);
    expect(mock.current.requests[0]).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      query: { trace: "1" },
      provider: "openai",
      body: { model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] },
    });
    expect(mock.current.requests[0]?.headers["x-custom"]).toBe("yes");
    expect(mock.current.requests[1]).toMatchObject({ method: "GET", path: "/v1/models", body: undefined });
  });

  it("answers an unknown path with a 404 in the dialect of its prefix", async () => {
    const openai = await fetch(`${mock.current.url}/v1/nothing-here`, { method: "POST", body: "{}" });
    expect(openai.status).toBe(404);
    expect(await openai.json()).toMatchObject({
      error: { type: "invalid_request_error", code: "model_not_found" },
    });
    const google = await fetch(`${mock.current.url}/v1beta/models/x:unknownMethod`, {
      method: "POST",
      body: "{}",
    });
    expect(await google.json()).toMatchObject({ error: { code: 404, status: "NOT_FOUND" } });
  });

  it("rejects a body that is not JSON and a malformed x-mock header with a 400 saying why", async () => {
    const badJson = await fetch(`${mock.current.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    await expect(chat({ "x-mock-delay-ms": "soon" })).rejects.toThrow(
      /x-mock-delay-ms must be a non-negative integer/,
    );
  });
});

describe("error switches", () => {
  it("answers x-mock-error: 429 as OpenAI.RateLimitError with retry-after and OpenAI's error body", async () => {
    const failure = await chat({ "x-mock-error": "429", "x-mock-retry-after": "7" }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    const error = failure as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error.status).toBe(429);
    expect(error.headers.get("retry-after")).toBe("7");
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.error).toMatchObject({
      message: expect.any(String),
      type: "requests",
      code: "rate_limit_exceeded",
    });
  });

  it("maps 500 and 400 and the magic model name to the SDK's error classes", async () => {
    await expect(chat({ "x-mock-error": "500" })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(chat({ "x-mock-error": "400" })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(chat({}, "mock-error-429")).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(client().embeddings.create({ model: "mock-error-500", input: "x" })).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
  });

  it("is retried by the SDK like a real rate limit: the next attempt succeeds only without the switch", async () => {
    const retrying = new OpenAI({ apiKey: "k", baseURL: `${mock.current.url}/v1`, maxRetries: 2 });
    await expect(
      retrying.chat.completions.create(
        { model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] },
        { headers: { "x-mock-error": "429", "x-mock-retry-after": "0" } },
      ),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    expect(mock.current.requests).toHaveLength(3);
  });

  it("delays the first byte by x-mock-delay-ms", async () => {
    const started = performance.now();
    const completion = await chat({ "x-mock-delay-ms": "150" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(completion.choices[0]?.message.content).toBe(mockReplyText("Hi"));
  });

  it("spaces stream chunks by x-mock-stream-chunk-delay-ms", async () => {
    const started = performance.now();
    let chunks = 0;
    for await (const _chunk of await chatStream({ "x-mock-stream-chunk-delay-ms": "40" })) chunks += 1;
    expect(chunks).toBe(6);
    // Five gaps between six chunks, plus the one before [DONE].
    expect(performance.now() - started).toBeGreaterThanOrEqual(6 * 40 - 10);
  });

  it("destroys the socket after x-mock-disconnect-after-chunks events: the stream fails with a network error", async () => {
    const received: string[] = [];
    const failure = await (async () => {
      for await (const chunk of await chatStream({ "x-mock-disconnect-after-chunks": "3" })) {
        received.push(chunk.choices[0]?.delta.content ?? "");
      }
    })().catch((error: unknown) => error);
    expect(received).toHaveLength(3);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(OpenAI.APIError);
  });

  it("drops the connection of a non-streaming request with x-mock-disconnect-after-chunks", async () => {
    await expect(chat({ "x-mock-disconnect-after-chunks": "0" })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionError,
    );
  });

  it("sends OpenAI's in-stream error after x-mock-stream-error-after-chunks events", async () => {
    const received: unknown[] = [];
    const failure = await (async () => {
      for await (const chunk of await chatStream({ "x-mock-stream-error-after-chunks": "2" }))
        received.push(chunk);
    })().catch((error: unknown) => error);
    expect(received).toHaveLength(2);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(String(failure)).toMatch(/server had an error/);
  });

  it("ends a Responses stream with response.failed for x-mock-stream-error-after-chunks", async () => {
    const types: string[] = [];
    for await (const event of await client({ "x-mock-stream-error-after-chunks": "2" }).responses.create({
      model: "gpt-4o",
      input: "Hi",
      stream: true,
    })) {
      types.push(event.type);
    }
    expect(types).toEqual(["response.created", "response.in_progress", "response.failed"]);
  });
});

describe("close", () => {
  it("frees the port and drops kept-alive connections", async () => {
    const server = await startMockLlm();
    await new OpenAI({ apiKey: "k", baseURL: `${server.url}/v1`, maxRetries: 0 }).models.list();
    await server.close();
    const again = await startMockLlm({ port: server.port });
    expect(again.port).toBe(server.port);
    await again.close();
  });
});
