/**
 * Secrets of a dashboard session: the cookie's token (32 random bytes, stored only as SHA-256) and
 * the CSRF token the SPA echoes in `X-CSRF-Token`. Also the setup token for the first admin.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes, base64url (43 characters). */
export const newSecretToken = (): string => randomBytes(32).toString("base64url");

/** SHA-256, lowercase hex: what the database keeps of a session or setup token. */
export const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/** Compares two secrets in time independent of where they differ. */
export function secretsEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a, "utf8").digest();
  const right = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
