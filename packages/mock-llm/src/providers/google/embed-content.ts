import { countTokens } from "../../domain/count-tokens.js";
import { mockEmbedding } from "../../domain/mock-embedding.js";
import type { MockExchange } from "../../http/mock-exchange.js";
import { MockRequestError } from "../../http/mock-request-error.js";
import { sendJson } from "../../http/send-json.js";
import {
  asInteger,
  asObjectArray,
  asString,
  isJsonObject,
  type JsonObject,
  requireJsonObject,
} from "../json-fields.js";
import { toGoogleConversation } from "./to-google-conversation.js";

/** `POST …/models/{model}:embedContent`: `{embedding: {values}}`. */
export async function handleEmbedContent(exchange: MockExchange): Promise<void> {
  const body = requireJsonObject(exchange.body);
  await sendJson(exchange, 200, { embedding: embed(body, modelOf(exchange)) });
}

/** `POST …/models/{model}:batchEmbedContents`: `{embeddings: [{values}…]}`, one per request. */
export async function handleBatchEmbedContents(exchange: MockExchange): Promise<void> {
  const requests = asObjectArray(requireJsonObject(exchange.body).requests);
  if (requests.length === 0) throw new MockRequestError(400, "'requests' must be a non-empty array");
  await sendJson(exchange, 200, {
    embeddings: requests.map((request) => embed(request, asString(request.model) ?? modelOf(exchange))),
  });
}

/** `POST …/models/{model}:countTokens`: `{totalTokens}` of `contents` (or `generateContentRequest`). */
export async function handleGoogleCountTokens(exchange: MockExchange): Promise<void> {
  const body = requireJsonObject(exchange.body);
  const request = isJsonObject(body.generateContentRequest) ? body.generateContentRequest : body;
  const totalTokens = countTokens(toGoogleConversation(request).promptText);
  await sendJson(exchange, 200, {
    totalTokens,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: totalTokens }],
  });
}

/**
 * Dimensions: `outputDimensionality`, else 3072 for `gemini-embedding-*`, else 768
 * (`text-embedding-004`, `embedding-001`).
 */
function embed(request: JsonObject, model: string): { values: number[] } {
  const content = isJsonObject(request.content) ? request.content : {};
  const text = asObjectArray(content.parts)
    .map((part) => asString(part.text) ?? "")
    .join("");
  const dimensions =
    asInteger(request.outputDimensionality) ?? (model.includes("gemini-embedding") ? 3072 : 768);
  return { values: mockEmbedding(text, dimensions) };
}

function modelOf(exchange: MockExchange): string {
  return exchange.params[0] ?? "text-embedding-004";
}
