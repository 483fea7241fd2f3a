import { isRecord } from "./values.js";

const MAX_DEPTH = 40;

/**
 * A copy of an AI SDK prompt that survives `JSON.stringify` the way the server expects (SPEC §4.6):
 * binary data (`Uint8Array`, `ArrayBuffer`, Buffer) becomes a `data:` URI using the part's
 * `mediaType` / `mimeType`, `URL` objects become their href, functions and symbols are dropped.
 * Plain values are returned as they are.
 *
 * @example toJsonSafe({ type: "image", image: new Uint8Array([1]), mediaType: "image/png" })
 * // { type: "image", image: "data:image/png;base64,AQ==", mediaType: "image/png" }
 */
export function toJsonSafe(value: unknown): unknown {
  return convert(value, undefined, 0);
}

function convert(value: unknown, mediaType: string | undefined, depth: number): unknown {
  if (value === null || typeof value !== "object") {
    return typeof value === "function" || typeof value === "symbol" ? undefined : value;
  }
  if (depth > MAX_DEPTH) return "[too deep]";
  if (value instanceof Uint8Array) return toDataUri(value, mediaType);
  if (value instanceof ArrayBuffer) return toDataUri(new Uint8Array(value), mediaType);
  if (value instanceof URL) return value.href;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => convert(item, undefined, depth + 1));
  if (!isRecord(value)) return value;
  const partMediaType =
    typeof value.mediaType === "string"
      ? value.mediaType
      : typeof value.mimeType === "string"
        ? value.mimeType
        : undefined;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const converted = convert(item, partMediaType, depth + 1);
    if (converted !== undefined) copy[key] = converted;
  }
  return copy;
}

function toDataUri(bytes: Uint8Array, mediaType: string | undefined): string {
  return `data:${mediaType ?? "application/octet-stream"};base64,${Buffer.from(bytes).toString("base64")}`;
}
