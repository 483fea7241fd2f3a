/**
 * Readers for the untyped JSON of `fallom.raw.*` payloads, shared by the raw-content parsers and
 * the usage mappers. Every payload may hold any value, so these never throw.
 */

export type Json = Record<string, unknown>;

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A non-empty string, else null.
 *
 * @example stringOrNull("") // null
 */
export function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** The value when it is a plain object, else `{}`, so its fields can be read without checks. */
export function asRecord(value: unknown): Json {
  return isRecord(value) ? value : {};
}

/**
 * Tool-call arguments and tool results often arrive as JSON strings (OpenAI); strings that parse
 * are parsed, everything else is returned as it is.
 *
 * @example parseJsonMaybe('{"a":1}') // { a: 1 }
 */
export function parseJsonMaybe(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * A JSON string parsed, else undefined; values that are not strings are returned as they are
 * (`fallom.raw.*` may arrive as a JSON string or already parsed).
 *
 * @example parseJsonString('{"a":1}') // { a: 1 }
 */
export function parseJsonString(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
