/**
 * The one error type of the HTTP layer. Every 4xx says what was wrong and how to fix it;
 * 5xx never carries internals (the handler logs the cause and answers a generic message).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** Stable, machine-readable snake_case code. */
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const unauthorized = () =>
  new ApiError(
    401,
    "unauthorized",
    "Missing, unknown or revoked API key. Send it as `Authorization: Bearer flm_…` (the key printed at first start, or one created under /settings/api-keys).",
  );
