/**
 * Combining convention results per field: "first present wins" for scalars, union for tags,
 * merge for metadata (SPEC §6.2).
 */
import type { MetadataValue } from "../../domain/span-record.js";
import type { ConventionFields } from "./convention-fields.js";

/**
 * The field's value from the first source that has one, in the order given.
 *
 * @example
 * pickField("sessionId", [fallom, headers, genai]) // fallom.sessionId ?? headers.sessionId ?? …
 */
export function pickField<K extends keyof ConventionFields>(
  key: K,
  sources: ConventionFields[],
): NonNullable<ConventionFields[K]> | undefined {
  for (const source of sources) {
    const value = source[key];
    if (value != null) return value as NonNullable<ConventionFields[K]>;
  }
  return undefined;
}

/** Tags of every source, in source order, without duplicates. */
export function unionTags(sources: ConventionFields[]): string[] {
  return [...new Set(sources.flatMap((source) => source.tags ?? []))];
}

/** Metadata of every source; on a key clash the earlier source wins. */
export function mergeMetadata(sources: ConventionFields[]): Record<string, MetadataValue> {
  const merged: Record<string, MetadataValue> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source.metadata ?? {})) {
      if (!(key in merged)) merged[key] = value;
    }
  }
  return merged;
}
