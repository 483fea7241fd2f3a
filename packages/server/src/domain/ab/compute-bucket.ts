/**
 * The sticky bucket of a session (SPEC §7.3): the first four bytes of MD5(UTF-8 session id) as a
 * big-endian unsigned integer, modulo 1,000,000. The config key is not part of it, so a session
 * sits in the same bucket in every experiment (as in the original SDKs, whose users' sessions must
 * keep their arm).
 */
import { createHash } from "node:crypto";

/** Buckets per 100 %: one bucket is 0.0001 %. */
export const BUCKET_COUNT = 1_000_000;

/**
 * @example
 * computeBucket("session-123"); // 5516
 */
export function computeBucket(sessionId: string): number {
  const digest = createHash("md5").update(sessionId, "utf8").digest();
  return digest.readUInt32BE(0) % BUCKET_COUNT;
}
