/**
 * A request the mock cannot serve (bad JSON, an invalid `x-mock-*` header, an unknown route). The
 * dispatcher answers it in the shape of the provider the path belongs to.
 *
 * @example
 * ```ts
 * throw new MockRequestError(400, "x-mock-delay-ms must be a non-negative integer");
 * ```
 */
export class MockRequestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "MockRequestError";
    this.status = status;
  }
}
