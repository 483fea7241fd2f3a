import type { MockExchange } from "./http/mock-exchange.js";
import { handleCountTokens, handleMessages } from "./providers/anthropic/messages.js";
import {
  handleBatchEmbedContents,
  handleEmbedContent,
  handleGoogleCountTokens,
} from "./providers/google/embed-content.js";
import { handleGenerateContent } from "./providers/google/generate-content.js";
import { handleListGoogleModels } from "./providers/google/list-google-models.js";
import { handleChatCompletions } from "./providers/openai/chat-completions.js";
import { handleEmbeddings } from "./providers/openai/embeddings.js";
import { handleListModels, handleRetrieveModel } from "./providers/openai/models.js";
import { handleResponses } from "./providers/openai/responses.js";
import type { ProviderName } from "./providers/provider.js";

/** One endpoint: method, path pattern (captures become `exchange.params`), dialect, handler. */
export interface Route {
  method: "GET" | "POST";
  pattern: RegExp;
  provider: ProviderName;
  handle: (exchange: MockExchange) => Promise<void>;
  /** Where the model name is when it is not `body.model` (Gemini puts it in the path). */
  modelFromPath?: true;
}

const GOOGLE_VERSION = "(?:v1beta|v1|v1alpha)";
const googleMethod = (method: string) => new RegExp(`^/${GOOGLE_VERSION}/models/([^/:]+):${method}$`);

/**
 * Every endpoint the mock serves. OpenAI paths also work without the `/v1` prefix, for a client
 * whose base URL is the server's root, and under OpenRouter's `/api/v1` (which answers in the
 * OpenRouter flavour).
 */
export const ROUTES: readonly Route[] = [
  {
    method: "POST",
    pattern: /^(?:\/api)?(?:\/v1)?\/chat\/completions$/,
    provider: "openai",
    handle: handleChatCompletions,
  },
  {
    method: "POST",
    pattern: /^(?:\/api)?(?:\/v1)?\/responses$/,
    provider: "openai",
    handle: handleResponses,
  },
  {
    method: "POST",
    pattern: /^(?:\/api)?(?:\/v1)?\/embeddings$/,
    provider: "openai",
    handle: handleEmbeddings,
  },
  { method: "GET", pattern: /^(?:\/v1)?\/models$/, provider: "openai", handle: handleListModels },
  {
    method: "GET",
    pattern: /^(?:\/v1)?\/models\/([^:]+)$/,
    provider: "openai",
    handle: handleRetrieveModel,
    modelFromPath: true,
  },
  { method: "POST", pattern: /^\/v1\/messages$/, provider: "anthropic", handle: handleMessages },
  {
    method: "POST",
    pattern: /^\/v1\/messages\/count_tokens$/,
    provider: "anthropic",
    handle: handleCountTokens,
  },
  {
    method: "POST",
    pattern: googleMethod("generateContent"),
    provider: "google",
    handle: (exchange) => handleGenerateContent(exchange, false),
    modelFromPath: true,
  },
  {
    method: "POST",
    pattern: googleMethod("streamGenerateContent"),
    provider: "google",
    handle: (exchange) => handleGenerateContent(exchange, true),
    modelFromPath: true,
  },
  {
    method: "POST",
    pattern: googleMethod("embedContent"),
    provider: "google",
    handle: handleEmbedContent,
    modelFromPath: true,
  },
  {
    method: "POST",
    pattern: googleMethod("batchEmbedContents"),
    provider: "google",
    handle: handleBatchEmbedContents,
    modelFromPath: true,
  },
  {
    method: "POST",
    pattern: googleMethod("countTokens"),
    provider: "google",
    handle: handleGoogleCountTokens,
    modelFromPath: true,
  },
  {
    method: "GET",
    pattern: new RegExp(`^/${GOOGLE_VERSION}/models$`),
    provider: "google",
    handle: handleListGoogleModels,
  },
];

/** The route for a request and its path captures, if any. */
export function findRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1).map((param) => decodeURIComponent(param ?? "")) };
  }
  return undefined;
}

/** Which dialect an unknown path's error should be in. */
export function guessProvider(path: string): ProviderName {
  if (path.startsWith("/v1/messages")) return "anthropic";
  if (/^\/v1(beta|alpha)\//.test(path) || /^\/v1\/models\/[^/]+:/.test(path)) return "google";
  return "openai";
}
