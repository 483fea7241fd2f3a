/** The three wire dialects the mock speaks. */
export type ProviderName = "openai" | "anthropic" | "google";

/** The message a provider-shaped error carries when a test forced it with `x-mock-error`. */
export function forcedErrorMessage(status: number): string {
  const reason = FORCED_ERROR_REASONS[status] ?? "Mock error";
  return `${reason} (forced by mock-llm: x-mock-error or model mock-error-${status})`;
}

const FORCED_ERROR_REASONS: Record<number, string> = {
  400: "Invalid request",
  401: "Invalid API key",
  403: "Permission denied",
  404: "Model not found",
  408: "Request timed out",
  409: "Conflict",
  413: "Request too large",
  422: "Unprocessable entity",
  429: "Rate limit reached, please retry after the delay in retry-after",
  500: "The server had an error while processing your request",
  502: "Bad gateway",
  503: "The service is temporarily unavailable",
  504: "Gateway timeout",
  529: "Overloaded",
};
