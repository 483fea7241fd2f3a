/**
 * What the account operations refuse, with an HTTP status and a stable code. The HTTP layer's one
 * error handler turns it into the usual `{error, code}` answer.
 */
export class AccountError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 429,
    /** Stable, machine-readable snake_case code. */
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AccountError";
  }
}
