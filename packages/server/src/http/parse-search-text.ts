/**
 * The free-text search parameter `q` of `GET /api/v1/spans` and its export.
 */
import { ApiError } from "./api-error.js";

const MAX_SEARCH_LENGTH = 500;

/** The trimmed `q`, or undefined when absent or blank. */
export function parseSearchText(url: URL): string | undefined {
  const text = url.searchParams.get("q")?.trim();
  if (!text) return undefined;
  if (text.length > MAX_SEARCH_LENGTH) {
    throw new ApiError(
      400,
      "invalid_parameter",
      `Query parameter "q" must be at most ${MAX_SEARCH_LENGTH} characters; got ${text.length}.`,
    );
  }
  return text;
}
