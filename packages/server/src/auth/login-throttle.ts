/**
 * The login rate limit: after {@link MAX_FAILURES} failed logins for one email from one client
 * address within {@link WINDOW_MS}, further attempts are refused (429) until the oldest of those
 * failures leaves the window. Keyed by email and address together, so one attacker cannot lock a
 * user out for everyone, and one address cannot try many passwords on one account.
 */
import {
  clearLoginFailures,
  listLoginFailures,
  recordLoginFailure,
} from "../store/login-failures-repository.js";
import type { Database } from "../store/open-database.js";
import { toEmailKey } from "../store/users-repository.js";
import { hashToken } from "./session-token.js";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

export interface LoginThrottle {
  /** Seconds to wait before the next attempt, or 0 when an attempt is allowed now. */
  retryAfterSeconds(): Promise<number>;
  recordFailure(): Promise<void>;
  reset(): Promise<void>;
}

/**
 * @example
 * const throttle = loginThrottle(database, "ada@example.com", "203.0.113.9");
 * if ((await throttle.retryAfterSeconds()) > 0) refuse();
 */
export function loginThrottle(
  database: Database,
  email: string,
  clientAddress: string,
  now: () => number = Date.now,
): LoginThrottle {
  const key = hashToken(`${toEmailKey(email)}\n${clientAddress}`);
  return {
    async retryAfterSeconds() {
      const at = now();
      // A failure exactly WINDOW_MS old has left the window (so Retry-After seconds later, it is over).
      const failures = await listLoginFailures(database, key, at - WINDOW_MS + 1);
      const oldestCounted = failures[failures.length - MAX_FAILURES];
      if (failures.length < MAX_FAILURES || oldestCounted === undefined) return 0;
      return Math.max(1, Math.ceil((oldestCounted + WINDOW_MS - at) / 1000));
    },
    async recordFailure() {
      const at = now();
      await recordLoginFailure(database, key, at, at - WINDOW_MS);
    },
    reset: () => clearLoginFailures(database, key),
  };
}
