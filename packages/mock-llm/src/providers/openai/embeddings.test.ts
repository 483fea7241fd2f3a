import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { countTokens } from "../../domain/count-tokens.js";
import { mockEmbedding } from "../../domain/mock-embedding.js";
import { useMockLlm } from "../../test-support/use-mock-llm.js";
import { MOCK_OPENAI_MODELS } from "./models.js";

const mock = useMockLlm();
const client = () => new OpenAI({ apiKey: "test-key", baseURL: `${mock.current.url}/v1`, maxRetries: 0 });

describe("POST /v1/embeddings through the openai SDK", () => {
  it("returns one deterministic vector per input, decoded by the SDK from its default base64", async () => {
    const result = await client().embeddings.create({
      model: "text-embedding-3-small",
      input: ["alpha", "beta gamma"],
    });
    expect(mock.current.requests[0]?.body).toMatchObject({ encoding_format: "base64" });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding).toHaveLength(1536);
    const expected = mockEmbedding("alpha", 1536);
    result.data[0]?.embedding.slice(0, 5).forEach((value, index) => {
      expect(value).toBeCloseTo(expected[index] ?? Number.NaN, 6);
    });
    expect(result.usage).toEqual({
      prompt_tokens: countTokens("alpha") + countTokens("beta gamma"),
      total_tokens: countTokens("alpha") + countTokens("beta gamma"),
    });
  });

  it("honours dimensions and the float encoding", async () => {
    const result = await client().embeddings.create({
      model: "text-embedding-3-large",
      input: "one",
      dimensions: 8,
      encoding_format: "float",
    });
    expect(result.data[0]?.embedding).toEqual(mockEmbedding("one", 8));
  });
});

describe("GET /v1/models through the openai SDK", () => {
  it("lists the mock's models", async () => {
    const ids: string[] = [];
    for await (const model of client().models.list()) ids.push(model.id);
    expect(ids).toEqual([...MOCK_OPENAI_MODELS]);
    expect((await client().models.retrieve("gpt-4o")).id).toBe("gpt-4o");
  });
});
