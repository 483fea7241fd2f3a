/** Tolerant readers for vendor objects whose shape differs across AI SDK majors. */

export type AnyRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is AnyRecord {
  return typeof value === "object" && value !== null;
}

/** The value as a record, or an empty one. @example asRecord(undefined).usage // undefined */
export function asRecord(value: unknown): AnyRecord {
  return isRecord(value) ? value : {};
}

/** A finite, non-negative count, or undefined (the AI SDK reports NaN for unknown usage). */
export function toCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function toStringValue(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Sum of the present values; undefined when none is present. @example addCounts(1, undefined, 2) // 3 */
export function addCounts(...values: Array<number | undefined>): number | undefined {
  const present = values.filter((value): value is number => value !== undefined);
  return present.length === 0 ? undefined : present.reduce((total, value) => total + value, 0);
}
