import { countTokens } from "../../domain/count-tokens.js";
import { mockEmbedding, toBase64Float32 } from "../../domain/mock-embedding.js";
import type { MockExchange } from "../../http/mock-exchange.js";
import { MockRequestError } from "../../http/mock-request-error.js";
import { sendJson } from "../../http/send-json.js";
import { asInteger, asString, requireJsonObject } from "../json-fields.js";

/**
 * `POST /v1/embeddings`: one deterministic unit vector per input (`mockEmbedding`), as float arrays
 * or, for `encoding_format: "base64"` (the openai Node SDK's default), base64 float32.
 * Dimensions: `dimensions`, else 3072 for `text-embedding-3-large`, else 1536.
 * `usage.prompt_tokens` = the sum of `countTokens` over string inputs (token-array inputs count one per
 * token).
 */
export async function handleEmbeddings(exchange: MockExchange): Promise<void> {
  const body = requireJsonObject(exchange.body);
  const model = asString(body.model) ?? "text-embedding-3-small";
  const inputs = toInputs(body.input);
  const dimensions = asInteger(body.dimensions) ?? (model.includes("3-large") ? 3072 : 1536);
  const base64 = body.encoding_format === "base64";
  const promptTokens = inputs.reduce((sum, input) => sum + input.tokens, 0);
  await sendJson(
    exchange,
    200,
    {
      object: "list",
      data: inputs.map((input, index) => {
        const vector = mockEmbedding(input.text, dimensions);
        return { object: "embedding", index, embedding: base64 ? toBase64Float32(vector) : vector };
      }),
      model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    },
    { "x-request-id": exchange.ids.next("req_mock") },
  );
}

function toInputs(input: unknown): { text: string; tokens: number }[] {
  if (typeof input === "string") return [{ text: input, tokens: countTokens(input) }];
  if (!Array.isArray(input) || input.length === 0) {
    throw new MockRequestError(
      400,
      "'input' must be a non-empty string, array of strings or array of tokens",
    );
  }
  if (input.every((item) => typeof item === "number")) {
    return [{ text: input.join(","), tokens: input.length }];
  }
  return input.map((item) => {
    if (typeof item === "string") return { text: item, tokens: countTokens(item) };
    if (Array.isArray(item)) return { text: item.join(","), tokens: item.length };
    throw new MockRequestError(400, "Every 'input' element must be a string or an array of tokens");
  });
}
