/** SPEC §2.5.1: the provider of an OpenAI-compatible client, from its base URL's host. */

const EXACT_HOSTS: Record<string, string> = {
  "api.openai.com": "openai",
  "openrouter.ai": "openrouter",
  "api.groq.com": "groq",
  "api.together.xyz": "together",
  "api.mistral.ai": "mistral",
  "api.deepseek.com": "deepseek",
  "api.x.ai": "xai",
  localhost: "local",
  "127.0.0.1": "local",
  "[::1]": "local",
};

/**
 * The canonical provider and the host (`server.address`) of a base URL. An unparseable or missing
 * URL reads as OpenAI's default endpoint, which is what the client then talks to.
 *
 * @example inferProviderFromBaseUrl("https://openrouter.ai/api/v1") // { provider: "openrouter", host: "openrouter.ai" }
 * @example inferProviderFromBaseUrl("https://my-org.openai.azure.com/openai") // { provider: "azure", … }
 */
export function inferProviderFromBaseUrl(baseUrl: unknown): { provider: string; host: string } {
  let host = "api.openai.com";
  if (typeof baseUrl === "string" && baseUrl !== "") {
    try {
      host = new URL(baseUrl).hostname.toLowerCase();
    } catch {
      return { provider: "openai", host };
    }
  }
  const exact = EXACT_HOSTS[host];
  if (exact) return { provider: exact, host };
  if (host.endsWith(".openai.azure.com")) return { provider: "azure", host };
  return { provider: host, host };
}
