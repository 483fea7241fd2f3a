import { MockRequestError } from "../http/mock-request-error.js";

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The request body as an object, or a 400 the client can act on. */
export function requireJsonObject(body: unknown): JsonObject {
  if (!isJsonObject(body)) throw new MockRequestError(400, "The request body must be a JSON object");
  return body;
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asObjectArray(value: unknown): JsonObject[] {
  return asArray(value).filter(isJsonObject);
}

/** Whether `key` appears anywhere in a JSON value (Anthropic `cache_control` detection). */
export function containsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((item) => containsKey(item, key));
  if (!isJsonObject(value)) return false;
  return Object.entries(value).some(([name, item]) => name === key || containsKey(item, key));
}

/** Seconds since the epoch, as OpenAI's `created` fields. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
