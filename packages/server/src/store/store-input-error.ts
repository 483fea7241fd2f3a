/**
 * A query argument the store cannot use (a malformed cursor, an unsupported metadata key, a bad
 * time). The HTTP layer maps it to 400; `code` is a stable machine-readable reason.
 */
export class StoreInputError extends Error {
  override readonly name = "StoreInputError";

  constructor(
    readonly code: "invalid_cursor" | "invalid_filter" | "invalid_time",
    message: string,
  ) {
    super(message);
  }
}
