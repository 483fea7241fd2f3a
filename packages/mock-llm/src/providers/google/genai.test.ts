import { ApiError, FunctionCallingConfigMode, GoogleGenAI, Type } from "@google/genai";
import { describe, expect, it } from "vitest";
import { countTokens } from "../../domain/count-tokens.js";
import { mockEmbedding } from "../../domain/mock-embedding.js";
import { mockReasoningText, mockReplyText } from "../../domain/mock-text.js";
import { useMockLlm } from "../../test-support/use-mock-llm.js";

const mock = useMockLlm();
const client = (headers: Record<string, string> = {}) =>
  new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: mock.current.url, headers } });

const weatherDeclaration = {
  name: "get_weather",
  parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ["city"] },
};

describe("Gemini generateContent through @google/genai", () => {
  it("answers with the deterministic reply and usageMetadata counting the system instruction", async () => {
    const response = await client().models.generateContent({
      model: "gemini-2.0-flash",
      contents: "Hello Gemini",
      config: { systemInstruction: "Be brief." },
    });
    expect(mock.current.requests[0]).toMatchObject({
      method: "POST",
      path: "/v1beta/models/gemini-2.0-flash:generateContent",
    });
    expect(mock.current.requests[0]?.headers["x-goog-api-key"]).toBe("test-key");
    expect(response.text).toBe(mockReplyText("Hello Gemini"));
    expect(response.candidates?.[0]?.finishReason).toBe("STOP");
    const promptTokens = countTokens("Be brief.Hello Gemini");
    const candidatesTokens = countTokens(mockReplyText("Hello Gemini"));
    expect(response.usageMetadata).toMatchObject({
      promptTokenCount: promptTokens,
      candidatesTokenCount: candidatesTokens,
      totalTokenCount: promptTokens + candidatesTokens,
    });
    expect(response.usageMetadata?.thoughtsTokenCount).toBeUndefined();
  });

  it("streams over SSE in four chunks with the full usage on the last one", async () => {
    const chunks = [];
    for await (const chunk of await client().models.generateContentStream({
      model: "gemini-2.0-flash",
      contents: "Stream please",
    })) {
      chunks.push(chunk);
    }
    expect(mock.current.requests[0]?.path).toBe("/v1beta/models/gemini-2.0-flash:streamGenerateContent");
    expect(mock.current.requests[0]?.query).toEqual({ alt: "sse" });
    expect(chunks).toHaveLength(4);
    expect(chunks.map((chunk) => chunk.text).join("")).toBe(mockReplyText("Stream please"));
    expect(chunks[0]?.usageMetadata?.candidatesTokenCount).toBeUndefined();
    expect(chunks.at(-1)?.usageMetadata?.candidatesTokenCount).toBe(
      countTokens(mockReplyText("Stream please")),
    );
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe("STOP");
  });

  it("calls a declared function when told to use a tool, and when ANY mode forces it", async () => {
    const response = await client().models.generateContent({
      model: "gemini-2.0-flash",
      contents: "use a tool for the weather",
      config: { tools: [{ functionDeclarations: [weatherDeclaration] }] },
    });
    expect(response.functionCalls).toEqual([{ name: "get_weather", args: { city: "mock-city" } }]);
    const forced = await client().models.generateContent({
      model: "gemini-2.0-flash",
      contents: "Weather?",
      config: {
        tools: [{ functionDeclarations: [weatherDeclaration] }],
        toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } },
      },
    });
    expect(forced.functionCalls?.[0]?.name).toBe("get_weather");
  });

  it("reports thoughtsTokenCount and sends thought parts when thinking is requested", async () => {
    const response = await client().models.generateContent({
      model: "gemini-2.5-flash",
      contents: "Think it over",
      config: { thinkingConfig: { thinkingBudget: 512, includeThoughts: true } },
    });
    const parts = response.candidates?.[0]?.content?.parts ?? [];
    expect(
      parts
        .filter((part) => part.thought)
        .map((part) => part.text)
        .join(""),
    ).toBe(mockReasoningText("Think it over"));
    expect(response.text).toBe(mockReplyText("Think it over"));
    expect(response.usageMetadata?.thoughtsTokenCount).toBe(countTokens(mockReasoningText("Think it over")));
  });

  it("embeds through batchEmbedContents with outputDimensionality", async () => {
    const response = await client().models.embedContent({
      model: "gemini-embedding-001",
      contents: ["first", "second"],
      config: { outputDimensionality: 16 },
    });
    expect(mock.current.requests[0]?.path).toBe("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    expect(response.embeddings?.map((embedding) => embedding.values)).toEqual([
      mockEmbedding("first", 16),
      mockEmbedding("second", 16),
    ]);
  });

  it("surfaces forced errors as ApiError with the HTTP status and Google's error body", async () => {
    const failure = await client({ "x-mock-error": "429" })
      .models.generateContent({ model: "gemini-2.0-flash", contents: "Hi" })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(429);
    expect(JSON.parse((failure as ApiError).message)).toMatchObject({
      error: { code: 429, status: "RESOURCE_EXHAUSTED" },
    });
    const magic = await client()
      .models.generateContentStream({ model: "mock-error-503", contents: "Hi" })
      .catch((error: unknown) => error);
    expect((magic as ApiError).status).toBe(503);
  });

  it("fails a stream when x-mock-stream-error-after-chunks is set", async () => {
    const received: string[] = [];
    const failure = await (async () => {
      for await (const chunk of await client({
        "x-mock-stream-error-after-chunks": "2",
      }).models.generateContentStream({
        model: "gemini-2.0-flash",
        contents: "Hi there",
      })) {
        received.push(chunk.text ?? "");
      }
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure)).toMatch(/INTERNAL|internal error/);
    expect(received).toHaveLength(2);
  });
});
