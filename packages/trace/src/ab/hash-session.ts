/**
 * The sticky bucket of a session (SPEC §7.3): the first four bytes of MD5(UTF-8 session id) read
 * as a big-endian unsigned integer, modulo 1,000,000. The config key is deliberately not hashed,
 * so a session sits in the same bucket in every experiment (sessions assigned by the original
 * SDKs keep their arm). `protocol/ab-test-vectors.json` pins the numbers down for every SDK.
 */
import { createHash } from "node:crypto";

/** Buckets per 100 %: one bucket is 0.0001 % of sessions. */
export const BUCKET_COUNT = 1_000_000;

/**
 * @example hashSession("session-123") // 5516
 */
export function hashSession(sessionId: string): number {
  return md5(sessionId).readUInt32BE(0) % BUCKET_COUNT;
}

/**
 * The first four MD5 bytes in lowercase hex (what the shared vectors list as `md5_prefix`).
 *
 * @example sessionHashPrefix("session-123") // "79c5ca4c"
 */
export function sessionHashPrefix(sessionId: string): string {
  return md5(sessionId).subarray(0, 4).toString("hex");
}

function md5(text: string): Buffer {
  return createHash("md5").update(text, "utf8").digest();
}
