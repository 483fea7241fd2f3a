/**
 * Lenient readers for attribute values. Conventions disagree on types (a token count as int,
 * double or decimal string; a list as an array or a JSON-array string), so every mapper reads
 * through these instead of trusting one encoding.
 */
import type { MetadataValue } from "../../domain/span-record.js";

/** A non-empty string; numbers and booleans are stringified (ids sometimes arrive as ints). */
export function toText(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** A finite number from a number or a numeric string (int64 strings lose precision only past 2^53). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

/** An integer (prompt versions, variant indexes); fractional values are not integers. */
export function toInteger(value: unknown): number | undefined {
  const number = toNumber(value);
  return number !== undefined && Number.isInteger(number) ? number : undefined;
}

/** A boolean from a boolean or the strings `true` / `false` (any case). */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const lower = value.trim().toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  return undefined;
}

/**
 * JSON content: a string is parsed (undefined when it is not JSON), structured values
 * (kvlist → object, array) are returned as they are.
 */
export function parseJson(value: unknown): unknown {
  if (typeof value === "string") {
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value === null ? undefined : value;
}

/** Like {@link parseJson}, but a string that is not JSON is kept as the string. */
export function parseJsonOrText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const parsed = parseJson(value);
  return parsed === undefined ? value : parsed;
}

/**
 * A list of strings from an array, a JSON-array string or a single string
 * (`gen_ai.response.finish_reasons` arrives in all three forms).
 */
export function toTextList(value: unknown): string[] | undefined {
  if (value == null) return undefined;
  let list: unknown = value;
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed === "") return undefined;
    list = trimmed.startsWith("[") ? (parseJson(trimmed) ?? [value]) : [value];
  }
  if (!Array.isArray(list)) return undefined;
  return list.map(toText).filter((item): item is string => item !== undefined);
}

/** A metadata value keeps its scalar type; structured values are stored as compact JSON text. */
export function toMetadataValue(value: unknown): MetadataValue | undefined {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (value == null) return undefined;
  return JSON.stringify(value);
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads `object[a][b]…`, undefined when any step is missing. */
export function getPath(object: unknown, path: readonly string[]): unknown {
  let current: unknown = object;
  for (const step of path) {
    if (!isRecord(current)) return undefined;
    current = current[step];
  }
  return current;
}
