/**
 * Password hashing with `node:crypto` scrypt (memory-hard, no native dependency): a random salt per
 * password, the parameters stored beside the hash so they can be raised later, and a
 * constant-time comparison. Hashing runs on libuv's thread pool, not the event loop.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/** Shortest accepted password. */
export const PASSWORD_MIN_LENGTH = 10;
/** Longest accepted password: a bound on the work one login request can ask for. */
export const PASSWORD_MAX_LENGTH = 1024;

// N = 2^15, r = 8: 32 MiB and ~50–100 ms per hash on a server core (OWASP's scrypt minimum is
// N = 2^17 with p = 1 at 128 MiB; we trade some strength for running on small boxes).
const PARAMETERS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function derive(
  password: string,
  salt: Buffer,
  options: { N: number; r: number; p: number },
  length: number,
) {
  return new Promise<Buffer>((resolve, reject) => {
    const scryptOptions: ScryptOptions = { ...options, maxmem: 256 * options.N * options.r + 1024 * 1024 };
    scrypt(password.normalize("NFKC"), salt, length, scryptOptions, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * What is wrong with a new password, or null when it is acceptable.
 *
 * @example
 * passwordProblem("short") // "The password must be at least 10 characters long."
 */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`;
  }
  return null;
}

/**
 * `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 *
 * @example
 * const stored = await hashPassword("correct horse battery");
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMETERS, KEY_LENGTH);
  const { N, r, p } = PARAMETERS;
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

/**
 * True when `password` matches `stored` (a {@link hashPassword} result). A malformed `stored`
 * is a mismatch, never an exception.
 *
 * @example
 * if (await verifyPassword(input, user.password_hash)) { … }
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split("$");
  if (scheme !== "scrypt" || !saltText || !keyText) return false;
  const options = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(options).every((value) => Number.isInteger(value) && value > 0)) return false;
  const expected = Buffer.from(keyText, "base64");
  if (expected.length === 0) return false;
  const actual = await derive(password, Buffer.from(saltText, "base64"), options, expected.length);
  return timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification against a throwaway hash, so that a login for an unknown
 * email takes as long as a wrong password (no user enumeration by timing).
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(password, await dummyHash);
  return false;
}
