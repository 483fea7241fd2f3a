/** What a wrapped OpenAI-compatible client says about where it sends requests. */
import { inferProviderFromBaseUrl } from "./infer-provider-from-base-url.js";

export interface OpenAIClientInfo {
  /** Canonical provider (SPEC §2.5.1 host table). */
  provider: string;
  /** `server.address`. */
  host: string;
}

/**
 * Reads `client.baseURL` (the openai SDK resolves `OPENAI_BASE_URL` into it).
 *
 * @example readOpenAIClientInfo(new OpenAI({ baseURL: "https://openrouter.ai/api/v1" })).provider // "openrouter"
 */
export function readOpenAIClientInfo(client: object): OpenAIClientInfo {
  let baseUrl: unknown;
  try {
    baseUrl = (client as { baseURL?: unknown }).baseURL;
  } catch {
    baseUrl = undefined;
  }
  return inferProviderFromBaseUrl(baseUrl);
}
