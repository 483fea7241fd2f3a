/**
 * OpenAI's error body: `{error: {message, type, param, code}}`.
 *
 * @example
 * ```ts
 * toOpenAIError(429, "Rate limit reached"); // { error: { message, type: "requests", param: null, code: "rate_limit_exceeded" } }
 * ```
 */
export function toOpenAIError(status: number, message: string): unknown {
  const [type, code] = openAIErrorKind(status);
  return { error: { message, type, param: null, code } };
}

function openAIErrorKind(status: number): [type: string, code: string | null] {
  if (status === 401) return ["invalid_request_error", "invalid_api_key"];
  if (status === 404) return ["invalid_request_error", "model_not_found"];
  if (status === 429) return ["requests", "rate_limit_exceeded"];
  if (status >= 500) return ["server_error", "server_error"];
  return ["invalid_request_error", null];
}
