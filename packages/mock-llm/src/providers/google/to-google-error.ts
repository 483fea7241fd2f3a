/**
 * Google's (`google.rpc.Status` in JSON) error body: `{error: {code, message, status}}`.
 *
 * @example
 * ```ts
 * toGoogleError(429, "Quota exceeded"); // { error: { code: 429, message, status: "RESOURCE_EXHAUSTED" } }
 * ```
 */
export function toGoogleError(status: number, message: string): unknown {
  return { error: { code: status, message, status: googleStatusName(status) } };
}

function googleStatusName(status: number): string {
  switch (status) {
    case 400:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "ABORTED";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 501:
      return "UNIMPLEMENTED";
    case 503:
      return "UNAVAILABLE";
    case 504:
      return "DEADLINE_EXCEEDED";
    default:
      return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
  }
}
