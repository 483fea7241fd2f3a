import type { MockExchange } from "../../http/mock-exchange.js";
import { sendJson } from "../../http/send-json.js";

/** The models `GET /v1beta/models` lists (any other model name is accepted as well). */
export const MOCK_GOOGLE_MODELS = [
  "gemini-2.0-flash",
  "gemini-2.5-flash",
  "gemini-2.5-pro",
  "text-embedding-004",
];

/** `GET /v1beta/models`: Gemini's model list. */
export async function handleListGoogleModels(exchange: MockExchange): Promise<void> {
  await sendJson(exchange, 200, {
    models: MOCK_GOOGLE_MODELS.map((name) => ({
      name: `models/${name}`,
      displayName: name,
      supportedGenerationMethods: name.includes("embedding")
        ? ["embedContent", "batchEmbedContents"]
        : ["generateContent", "streamGenerateContent", "countTokens"],
    })),
  });
}
