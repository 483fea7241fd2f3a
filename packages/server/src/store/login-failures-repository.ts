/**
 * Failed logins, for the login rate limit (dashboard contract: 5 failures per email + client
 * address in 15 minutes). Kept in the database rather than in memory so that the limit holds
 * across restarts and across several server processes sharing one PostgreSQL.
 */
import { accountsDb } from "./accounts-schema.js";
import type { Database } from "./open-database.js";

/** Failure times (epoch ms, oldest first) of `throttleKey` at or after `since`. */
export async function listLoginFailures(
  database: Database,
  throttleKey: string,
  since: number,
): Promise<number[]> {
  const rows = await accountsDb(database)
    .selectFrom("login_failures")
    .select("failed_at")
    .where("throttle_key", "=", throttleKey)
    .where("failed_at", ">=", since)
    .orderBy("failed_at")
    .execute();
  return rows.map((row) => Number(row.failed_at));
}

/** Records a failure and forgets every failure older than `forgetBefore` (any key). */
export async function recordLoginFailure(
  database: Database,
  throttleKey: string,
  at: number,
  forgetBefore: number,
): Promise<void> {
  const db = accountsDb(database);
  await db.deleteFrom("login_failures").where("failed_at", "<", forgetBefore).execute();
  await db.insertInto("login_failures").values({ throttle_key: throttleKey, failed_at: at }).execute();
}

/** After a successful login the count starts again. */
export async function clearLoginFailures(database: Database, throttleKey: string): Promise<void> {
  await accountsDb(database).deleteFrom("login_failures").where("throttle_key", "=", throttleKey).execute();
}
