import { GoogleGenerativeAI, GoogleGenerativeAIFetchError, type RequestOptions } from "@google/generative-ai";
import { describe, expect, it } from "vitest";
import { countTokens } from "../../domain/count-tokens.js";
import { mockEmbedding } from "../../domain/mock-embedding.js";
import { mockReplyText } from "../../domain/mock-text.js";
import { useMockLlm } from "../../test-support/use-mock-llm.js";

const mock = useMockLlm();
const model = (name: string, requestOptions: RequestOptions = {}) =>
  new GoogleGenerativeAI("test-key").getGenerativeModel(
    { model: name },
    { baseUrl: mock.current.url, ...requestOptions },
  );

describe("Gemini through @google/generative-ai", () => {
  it("generates content with text and usageMetadata", async () => {
    const result = await model("gemini-1.5-flash").generateContent("Hello old SDK");
    expect(mock.current.requests[0]?.path).toBe("/v1beta/models/gemini-1.5-flash:generateContent");
    expect(result.response.text()).toBe(mockReplyText("Hello old SDK"));
    expect(result.response.usageMetadata).toMatchObject({
      promptTokenCount: countTokens("Hello old SDK"),
      candidatesTokenCount: countTokens(mockReplyText("Hello old SDK")),
    });
  });

  it("streams over SSE and aggregates the response with the last usageMetadata", async () => {
    const result = await model("gemini-1.5-flash").generateContentStream("Stream old SDK");
    const texts: string[] = [];
    for await (const chunk of result.stream) texts.push(chunk.text());
    const response = await result.response;
    expect(mock.current.requests[0]?.query).toEqual({ alt: "sse" });
    expect(texts).toHaveLength(4);
    expect(response.text()).toBe(mockReplyText("Stream old SDK"));
    expect(response.usageMetadata?.candidatesTokenCount).toBe(countTokens(mockReplyText("Stream old SDK")));
  });

  it("keeps a chat session's history in the prompt", async () => {
    const chat = model("gemini-1.5-flash").startChat();
    await chat.sendMessage("First turn");
    const second = await chat.sendMessage("Second turn");
    expect(second.response.text()).toBe(mockReplyText("Second turn"));
    expect(second.response.usageMetadata?.promptTokenCount).toBe(
      countTokens(`First turn${mockReplyText("First turn")}Second turn`),
    );
  });

  it("embeds one content and a batch", async () => {
    const embedder = model("text-embedding-004");
    const single = await embedder.embedContent("vector me");
    expect(single.embedding.values).toEqual(mockEmbedding("vector me", 768));
    const batch = await embedder.batchEmbedContents({
      requests: [
        { content: { role: "user", parts: [{ text: "a" }] } },
        { content: { role: "user", parts: [{ text: "b" }] } },
      ],
    });
    expect(batch.embeddings.map((embedding) => embedding.values)).toEqual([
      mockEmbedding("a", 768),
      mockEmbedding("b", 768),
    ]);
    expect(mock.current.requests.map((request) => request.path)).toEqual([
      "/v1beta/models/text-embedding-004:embedContent",
      "/v1beta/models/text-embedding-004:batchEmbedContents",
    ]);
  });

  it("surfaces forced errors as GoogleGenerativeAIFetchError with the status", async () => {
    const failure = await model("gemini-1.5-flash", { customHeaders: { "x-mock-error": "500" } })
      .generateContent("Hi")
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GoogleGenerativeAIFetchError);
    expect((failure as GoogleGenerativeAIFetchError).status).toBe(500);
    const limited = await model("mock-error-429")
      .generateContent("Hi")
      .catch((error: unknown) => error);
    expect((limited as GoogleGenerativeAIFetchError).status).toBe(429);
  });

  it("accepts the v1 API version prefix", async () => {
    const result = await model("gemini-1.5-flash", { apiVersion: "v1" }).generateContent("Versioned");
    expect(mock.current.requests[0]?.path).toBe("/v1/models/gemini-1.5-flash:generateContent");
    expect(result.response.text()).toBe(mockReplyText("Versioned"));
  });
});
