/**
 * Opaque list cursors: base64url of a small JSON array (keyset values or an offset). Clients
 * must not build them; a cursor that does not decode to the expected shape is a 400.
 */
import { StoreInputError } from "./store-input-error.js";

type CursorPart = "string" | "number";

export function encodeCursor(values: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** Decodes a cursor made by {@link encodeCursor} with parts of the given types. */
export function decodeCursor<T extends ReadonlyArray<string | number>>(
  cursor: string,
  shape: readonly CursorPart[],
): T {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    values = undefined;
  }
  if (
    !Array.isArray(values) ||
    values.length !== shape.length ||
    values.some(
      (value, index) =>
        typeof value !== shape[index] || (typeof value === "number" && !Number.isFinite(value)),
    )
  ) {
    throw new StoreInputError(
      "invalid_cursor",
      "The cursor is not valid here; pass next_cursor from the previous page unchanged.",
    );
  }
  return values as unknown as T;
}

/** Clamps a page size to 1..200 (default 50). */
export const clampLimit = (limit: number | undefined): number =>
  Math.min(200, Math.max(1, Math.trunc(limit ?? 50) || 50));
