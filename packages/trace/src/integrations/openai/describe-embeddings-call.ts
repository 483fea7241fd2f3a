/** `embeddings.create`: the vector count and dimension, never the vectors (SPEC §2.5.1). */
import { EMBEDDINGS, GEN_AI } from "../../attributes.js";
import type { LlmCallResult, LlmCallStart } from "../../record/types.js";
import { mapOpenAIUsage } from "./map-openai-usage.js";
import type { OpenAIClientInfo } from "./openai-client-info.js";
import { asRecord, asString, isRecord, type Json } from "./openai-shapes.js";

export const EMBEDDINGS_METHOD = "embeddings.create";

/** @example describeEmbeddingsStart({ model: "text-embedding-3-small", input: "hi" }, clientInfo) */
export function describeEmbeddingsStart(params: Json, client: OpenAIClientInfo): LlmCallStart {
  return {
    name: EMBEDDINGS_METHOD,
    method: EMBEDDINGS_METHOD,
    operation: "embeddings",
    provider: client.provider,
    requestModel: asString(params.model),
    serverAddress: client.host,
    stream: false,
    rawRequest: () => ({ model: params.model, input: params.input }),
  };
}

/** @example toEmbeddingsResult({ data: [{ embedding: [0.1, 0.2] }], usage: { prompt_tokens: 2 } }) */
export function toEmbeddingsResult(body: unknown): LlmCallResult {
  const response = asRecord(body);
  const data = Array.isArray(response.data) ? response.data : [];
  const first = data.find(isRecord);
  return {
    responseModel: asString(response.model),
    usage: mapOpenAIUsage(response.usage),
    rawUsage: response.usage ?? undefined,
    attributes: {
      [EMBEDDINGS.vectorCount]: data.length,
      [GEN_AI.embeddingsDimensionCount]: first ? dimensionOf(first.embedding) : undefined,
    },
  };
}

/** Float arrays, or base64 little-endian float32 (`encoding_format: "base64"`). */
function dimensionOf(embedding: unknown): number | undefined {
  if (Array.isArray(embedding)) return embedding.length;
  if (typeof embedding === "string") return Math.floor(Buffer.from(embedding, "base64").length / 4);
  return undefined;
}
