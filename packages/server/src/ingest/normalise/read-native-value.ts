/**
 * Readers for native TraceData fields and `attributes` values (SPEC §5.3). Stricter than the OTLP
 * readers on purpose: TraceData is JSON, so a blank string means "not sent" and a number is not
 * an id.
 */
import { toCount } from "../../domain/to-token-usage.js";

/**
 * A string with a non-blank character, else null.
 *
 * @example nativeText("  ") // null
 */
export function nativeText(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/**
 * An integer from a number or a decimal string, else null.
 *
 * @example nativeInteger("4") // 4
 */
export function nativeInteger(value: unknown): number | null {
  const count = toCount(value);
  return count !== null && Number.isInteger(count) ? count : null;
}

/**
 * A boolean, or the exact strings `true` / `false`, else null.
 *
 * @example nativeBoolean("true") // true
 */
export function nativeBoolean(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return null;
}

/**
 * The value of the first key that is present and not null, in the order given.
 *
 * @example firstAttribute({ b: 2 }, ["a", "b"]) // 2
 */
export function firstAttribute(attributes: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) {
    if (attributes[key] !== undefined && attributes[key] !== null) return attributes[key];
  }
  return undefined;
}
