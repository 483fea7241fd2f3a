/**
 * How a stored media file is referenced inside content (SPEC §4.6): `fallom-media:<sha256>`,
 * rendered by the read API as a URL.
 */

export const MEDIA_REF_PREFIX = "fallom-media:";

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * True for a lowercase 64-hex SHA-256, the only form a media id takes (and so no path tricks).
 *
 * @example isSha256Hex("8af2967a…6e34") // true for the full 64 characters
 */
export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/**
 * The reference stored in place of a media payload.
 *
 * @example toMediaRef("8af2…6e34") // "fallom-media:8af2…6e34"
 */
export function toMediaRef(sha256: string): string {
  return `${MEDIA_REF_PREFIX}${sha256}`;
}
