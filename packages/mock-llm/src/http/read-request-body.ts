import type { IncomingMessage } from "node:http";
import { MockRequestError } from "./mock-request-error.js";

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Reads a request body as UTF-8 text and parses it as JSON when it looks like JSON.
 * Throws a 400 `MockRequestError` for a body that claims to be JSON but is not, 413 past 64 MiB.
 *
 * @example
 * ```ts
 * const { raw, json } = await readRequestBody(request);
 * ```
 */
export async function readRequestBody(request: IncomingMessage): Promise<{ raw: string; json: unknown }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new MockRequestError(413, "Request body is larger than 64 MiB");
    chunks.push(buffer);
  }
  const raw = Buffer.concat(chunks).toString("utf8");
  const contentType = request.headers["content-type"] ?? "";
  const looksLikeJson = contentType.includes("json") || /^\s*[[{]/.test(raw);
  if (raw.trim() === "" || !looksLikeJson) return { raw, json: undefined };
  try {
    return { raw, json: JSON.parse(raw) as unknown };
  } catch {
    throw new MockRequestError(400, "Request body is not valid JSON");
  }
}
