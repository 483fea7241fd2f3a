/**
 * wrapGoogleAI against the real `@google/generative-ai` and `@google/genai` clients, mock-llm and
 * the real server: every call shape × {plain, stream read fully, stream broken off after one chunk,
 * provider error, network error}. The caller must see what the unwrapped client gives, and exactly
 * one span must arrive with the right status.
 */

import { countTokens, mockReplyText } from "@fallom/mock-llm";
import { ApiError, GoogleGenAI } from "@google/genai";
import { GoogleGenerativeAI, GoogleGenerativeAIFetchError } from "@google/generative-ai";
import { describe, expect, it } from "vitest";
import { expectSameError } from "./support/expect-same-error.js";
import { outcome } from "./support/outcome.js";
import { useSessionSuite } from "./support/use-session-suite.js";

const suite = useSessionSuite("google");
const { newSession, spansOf } = suite;

describe("@google/generative-ai GenerativeModel", () => {
  const model = (baseUrl = suite.h.mock.url, headers: Record<string, string> = {}) =>
    new GoogleGenerativeAI("test-key").getGenerativeModel(
      { model: "gemini-1.5-flash", generationConfig: { temperature: 0.3, maxOutputTokens: 200 } },
      { baseUrl, customHeaders: headers },
    );

  it("traces generateContent with model, usage, params and content, returning the same response", async () => {
    const { sessionId, session } = newSession();
    const plain = await model().generateContent("Hello!");
    const traced = await session.wrapGoogleAI(model()).generateContent("Hello!");
    expect(traced.response.text()).toBe(plain.response.text());
    expect(traced.response.usageMetadata).toEqual(plain.response.usageMetadata);
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({
      name: "generateContent",
      status: "OK",
      provider: "google",
      operation: "generate_content",
      request_model: "gemini-1.5-flash",
      is_streaming: false,
      input_tokens: countTokens("Hello!"),
      output_tokens: countTokens(mockReplyText("Hello!")),
      finish_reasons: ["STOP"],
    });
    expect(span?.request_params).toMatchObject({ temperature: 0.3, max_tokens: 200 });
    expect(span?.input_messages).toEqual([{ role: "user", parts: [{ type: "text", content: "Hello!" }] }]);
    const parts = span?.output_messages?.[0]?.parts ?? [];
    expect(parts.map((part: { content: string }) => part.content).join("")).toBe(mockReplyText("Hello!"));
  });

  it("keeps the model usable as itself: instanceof and untraced methods", async () => {
    const { session } = newSession();
    const original = model();
    const view = session.wrapGoogleAI(original);
    expect(view).toBeInstanceOf(original.constructor);
    expect(view.model).toBe("models/gemini-1.5-flash");
    expect((await view.countTokens("Hello!")).totalTokens).toBe(countTokens("Hello!"));
  });

  it("traces a fully read generateContentStream with TTFT and the last usage", async () => {
    const { sessionId, session } = newSession();
    const read = async (m: ReturnType<typeof model>) => {
      const result = await m.generateContentStream("Stream please");
      const texts: string[] = [];
      for await (const chunk of result.stream) texts.push(chunk.text());
      return { texts, response: await result.response };
    };
    const plain = await read(model());
    const traced = await read(session.wrapGoogleAI(model()));
    expect(traced.texts).toEqual(plain.texts);
    expect(traced.response.usageMetadata).toEqual(plain.response.usageMetadata);
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({
      name: "generateContentStream",
      status: "OK",
      is_streaming: true,
      output_tokens: countTokens(mockReplyText("Stream please")),
    });
    expect(span?.time_to_first_token_ms).toBeGreaterThan(0);
    expect(span?.attributes["fallom.stream.cancelled"]).toBeUndefined();
  });

  it("records a stream broken off after one chunk as cancelled, with what was received", async () => {
    const { sessionId, session } = newSession();
    const firstChunk = async (m: ReturnType<typeof model>) => {
      const result = await m.generateContentStream("Stream please");
      result.response.catch(() => {});
      for await (const chunk of result.stream) return chunk.text();
      return undefined;
    };
    const slow = { "x-mock-stream-chunk-delay-ms": "150" };
    expect(await firstChunk(session.wrapGoogleAI(model(suite.h.mock.url, slow)))).toBe(
      await firstChunk(model(suite.h.mock.url, slow)),
    );
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({ status: "OK", is_streaming: true });
    expect(span?.attributes["fallom.stream.cancelled"]).toBe(true);
    expect(span?.time_to_first_token_ms).toBeGreaterThan(0);
  });

  it("re-throws a provider error unchanged and records an ERROR span", async () => {
    const { sessionId, session } = newSession();
    const headers = { "x-mock-error": "400" };
    const plain = await outcome(() => model(suite.h.mock.url, headers).generateContent("Hi"));
    const traced = await outcome(() =>
      session.wrapGoogleAI(model(suite.h.mock.url, headers)).generateContent("Hi"),
    );
    expect(plain.error).toBeInstanceOf(GoogleGenerativeAIFetchError);
    expectSameError(traced.error, plain.error);
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({ status: "ERROR", name: "generateContent" });
    expect(span?.error_message).toContain("400");
  });

  it("re-throws a network error unchanged, for calls and streams", async () => {
    const { sessionId, session } = newSession();
    const plain = await outcome(() => model(suite.closedUrl).generateContent("Hi"));
    const traced = await outcome(() => session.wrapGoogleAI(model(suite.closedUrl)).generateContent("Hi"));
    expectSameError(traced.error, plain.error);
    const plainStream = await outcome(() => model(suite.closedUrl).generateContentStream("Hi"));
    const tracedStream = await outcome(() =>
      session.wrapGoogleAI(model(suite.closedUrl)).generateContentStream("Hi"),
    );
    expectSameError(tracedStream.error, plainStream.error);
    const spans = await spansOf(sessionId, 2);
    expect(spans.map((span) => span.status)).toEqual(["ERROR", "ERROR"]);
  });

  it("passes an in-stream error chunk through as the library does, and traces the call once", async () => {
    const { sessionId, session } = newSession();
    const headers = { "x-mock-stream-error-after-chunks": "2" };
    const readAll = async (m: ReturnType<typeof model>) => {
      const result = await m.generateContentStream("Hi there");
      const chunks: unknown[] = [];
      // responseId differs per request; everything else must be identical.
      for await (const chunk of result.stream)
        chunks.push({ ...JSON.parse(JSON.stringify(chunk)), responseId: 0 });
      await result.response;
      return chunks;
    };
    const plain = await readAll(model(suite.h.mock.url, headers));
    expect(plain.at(-1)).toMatchObject({ error: { code: 500 } });
    expect(await readAll(session.wrapGoogleAI(model(suite.h.mock.url, headers)))).toEqual(plain);
    expect(await spansOf(sessionId)).toHaveLength(1);
  });

  it("traces each turn of startChat().sendMessage and sendMessageStream once", async () => {
    const { sessionId, session } = newSession();
    const chat = session.wrapGoogleAI(model()).startChat({ history: [] });
    const first = await chat.sendMessage("First turn");
    expect(first.response.text()).toBe(mockReplyText("First turn"));
    const second = await chat.sendMessageStream("Second turn");
    let text = "";
    for await (const chunk of second.stream) text += chunk.text();
    await second.response;
    expect(text).toBe(mockReplyText("Second turn"));
    expect((await chat.getHistory()).length).toBe(4);
    const spans = await spansOf(sessionId, 2);
    expect(spans.map((span) => span.name).sort()).toEqual(["chat.sendMessage", "chat.sendMessageStream"]);
    expect(spans.every((span) => span.request_model === "gemini-1.5-flash")).toBe(true);
  });

  it("traces embedContent and batchEmbedContents without sending vectors", async () => {
    const { sessionId, session } = newSession();
    const embedder = session.wrapGoogleAI(
      new GoogleGenerativeAI("k").getGenerativeModel(
        { model: "text-embedding-004" },
        { baseUrl: suite.h.mock.url },
      ),
    );
    const single = await embedder.embedContent("Embed me");
    const batch = await embedder.batchEmbedContents({
      requests: [{ content: { role: "user", parts: [{ text: "a" }] } }],
    });
    expect(single.embedding.values).toHaveLength(768);
    expect(batch.embeddings).toHaveLength(1);
    const spans = await spansOf(sessionId, 2);
    expect(spans.every((span) => span.operation === "embeddings" && span.status === "OK")).toBe(true);
    expect(JSON.stringify(spans)).not.toContain(String(single.embedding.values[0]));
  });
});

describe("@google/genai GoogleGenAI", () => {
  const client = (baseUrl = suite.h.mock.url, headers: Record<string, string> = {}) =>
    new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl, headers } });

  it("traces models.generateContent and keeps the response class and helpers", async () => {
    const { sessionId, session } = newSession();
    const params = { model: "gemini-2.0-flash", contents: "Hello Gemini", config: { temperature: 0.1 } };
    const plain = await client().models.generateContent(params);
    const traced = await session.wrapGoogleAI(client()).models.generateContent(params);
    expect(traced.constructor).toBe(plain.constructor);
    expect(traced.text).toBe(plain.text);
    expect(traced.usageMetadata).toEqual(plain.usageMetadata);
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({
      name: "generateContent",
      status: "OK",
      provider: "google",
      request_model: "gemini-2.0-flash",
      input_tokens: plain.usageMetadata?.promptTokenCount,
      output_tokens: plain.usageMetadata?.candidatesTokenCount,
      response_id: traced.responseId,
    });
    expect(span?.request_params).toMatchObject({ temperature: 0.1 });
  });

  it("traces generateContentStream fully read, and broken off after one chunk", async () => {
    const { sessionId, session } = newSession();
    const params = { model: "gemini-2.0-flash", contents: "Stream please" };
    const all = async (c: GoogleGenAI) => {
      const texts: Array<string | undefined> = [];
      for await (const chunk of await c.models.generateContentStream(params)) texts.push(chunk.text);
      return texts;
    };
    expect(await all(session.wrapGoogleAI(client()))).toEqual(await all(client()));
    const first = async (c: GoogleGenAI) => {
      for await (const chunk of await c.models.generateContentStream(params)) return chunk.text;
      return undefined;
    };
    expect(await first(session.wrapGoogleAI(client()))).toBe(await first(client()));
    const spans = await spansOf(sessionId, 2);
    const full = spans.find((span) => span.attributes["fallom.stream.cancelled"] === undefined);
    const broken = spans.find((span) => span.attributes["fallom.stream.cancelled"] === true);
    expect(full).toMatchObject({ status: "OK", is_streaming: true });
    expect(full?.output_tokens).toBe(countTokens(mockReplyText("Stream please")));
    expect(full?.time_to_first_token_ms).toBeGreaterThan(0);
    expect(broken).toMatchObject({ status: "OK", is_streaming: true });
  });

  it("re-throws provider and network errors unchanged, each with one ERROR span", async () => {
    const { sessionId, session } = newSession();
    const params = { model: "gemini-2.0-flash", contents: "Hi" };
    const failing = { "x-mock-error": "400" };
    const plain = await outcome(() => client(suite.h.mock.url, failing).models.generateContent(params));
    const traced = await outcome(() =>
      session.wrapGoogleAI(client(suite.h.mock.url, failing)).models.generateContent(params),
    );
    expect(plain.error).toBeInstanceOf(ApiError);
    expectSameError(traced.error, plain.error);
    const plainStream = await outcome(() => client(suite.closedUrl).models.generateContentStream(params));
    const tracedStream = await outcome(() =>
      session.wrapGoogleAI(client(suite.closedUrl)).models.generateContentStream(params),
    );
    expectSameError(tracedStream.error, plainStream.error);
    const spans = await spansOf(sessionId, 2);
    expect(spans.map((span) => span.status)).toEqual(["ERROR", "ERROR"]);
  });

  it("traces each chat turn exactly once, streamed or not", async () => {
    const { sessionId, session } = newSession();
    const converse = async (c: GoogleGenAI) => {
      const chat = c.chats.create({ model: "gemini-2.0-flash" });
      const reply = await chat.sendMessage({ message: "First turn" });
      let text = "";
      for await (const chunk of await chat.sendMessageStream({ message: "Second turn" }))
        text += chunk.text ?? "";
      return { first: reply.text, text, history: JSON.parse(JSON.stringify(chat.getHistory())) };
    };
    const plain = await converse(client());
    expect(plain.text).toBe(mockReplyText("Second turn"));
    expect(await converse(session.wrapGoogleAI(client()))).toEqual(plain);
    const spans = await spansOf(sessionId, 2);
    expect(spans.map((span) => span.name).sort()).toEqual(["chat.sendMessage", "chat.sendMessageStream"]);
    expect(JSON.stringify(spans.find((span) => span.name === "chat.sendMessage")?.input_messages)).toContain(
      "First turn",
    );
  });

  it("traces models.embedContent", async () => {
    const { sessionId, session } = newSession();
    const result = await session.wrapGoogleAI(client()).models.embedContent({
      model: "gemini-embedding-001",
      contents: ["a", "b"],
      config: { outputDimensionality: 8 },
    });
    expect(result.embeddings).toHaveLength(2);
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({ name: "embedContent", operation: "embeddings", status: "OK" });
  });

  it("sends no prompt or completion text when the session turns capture off", async () => {
    const { sessionId, session } = newSession({ captureContent: false });
    await session
      .wrapGoogleAI(client())
      .models.generateContent({ model: "gemini-2.0-flash", contents: "Secret prompt" });
    const [span] = await spansOf(sessionId);
    expect(span?.input_tokens).toBeGreaterThan(0);
    expect(JSON.stringify(span)).not.toContain("Secret prompt");
    expect(span?.raw_request ?? null).toBeNull();
    expect(span?.output_messages ?? null).toBeNull();
  });
});
