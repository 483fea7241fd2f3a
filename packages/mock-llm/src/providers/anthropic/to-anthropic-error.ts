/**
 * Anthropic's error body: `{type: "error", error: {type, message}, request_id}`.
 *
 * @example
 * ```ts
 * toAnthropicError(529, "Overloaded", "req_mock000001"); // error.type "overloaded_error"
 * ```
 */
export function toAnthropicError(status: number, message: string, requestId: string): unknown {
  return { type: "error", error: { type: anthropicErrorType(status), message }, request_id: requestId };
}

/** The `error.type` Anthropic uses for an HTTP status. */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 402:
      return "billing_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 504:
      return "timeout_error";
    case 529:
      return "overloaded_error";
    default:
      return status >= 500 ? "api_error" : "invalid_request_error";
  }
}
