import type { MockExchange } from "../../http/mock-exchange.js";
import { MockRequestError } from "../../http/mock-request-error.js";
import { sendJson } from "../../http/send-json.js";

/** The models `GET /v1/models` lists (any other model name is accepted as well). */
export const MOCK_OPENAI_MODELS = [
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4.1",
  "gpt-5",
  "gpt-5-mini",
  "o3-mini",
  "o4-mini",
  "text-embedding-3-small",
  "text-embedding-3-large",
] as const;

const CREATED = 1_700_000_000;

/** `GET /v1/models`: OpenAI's model list. */
export async function handleListModels(exchange: MockExchange): Promise<void> {
  await sendJson(exchange, 200, { object: "list", data: MOCK_OPENAI_MODELS.map(toModel) });
}

/** `GET /v1/models/{model}`: one model (every name exists, except the magic error names). */
export async function handleRetrieveModel(exchange: MockExchange): Promise<void> {
  const id = exchange.params[0];
  if (id === undefined) throw new MockRequestError(404, "Model not found");
  await sendJson(exchange, 200, toModel(id));
}

function toModel(id: string) {
  return { id, object: "model", created: CREATED, owned_by: "mock-llm" };
}
