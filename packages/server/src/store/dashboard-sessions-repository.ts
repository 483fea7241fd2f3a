/**
 * Dashboard login sessions (SPEC §5.1 "dashboard session cookie"). Only the SHA-256 of the
 * cookie's token is stored, so a copy of the database cannot be used to log in. Expiry slides:
 * a request after `touchAfterMs` moves `expires_at` forward.
 */
import { accountsDb, type UserRole } from "./accounts-schema.js";
import type { Database } from "./open-database.js";

export interface DashboardSession {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** A live session with its user, as one lookup. */
export interface SessionWithUser {
  session: DashboardSession;
  user: { id: string; email: string; name: string; role: UserRole };
}

export async function insertDashboardSession(database: Database, session: DashboardSession): Promise<void> {
  await accountsDb(database).insertInto("dashboard_sessions").values(session).execute();
}

/**
 * The unexpired session with this token hash and its user, else null (an expired row is deleted).
 *
 * @example
 * const found = await findDashboardSession(database, hashSessionToken(cookie), new Date());
 */
export async function findDashboardSession(
  database: Database,
  tokenHash: string,
  now: Date,
): Promise<SessionWithUser | null> {
  const db = accountsDb(database);
  const row = await db
    .selectFrom("dashboard_sessions")
    .innerJoin("users", "users.id", "dashboard_sessions.user_id")
    .select([
      "dashboard_sessions.token_hash",
      "dashboard_sessions.user_id",
      "dashboard_sessions.csrf_token",
      "dashboard_sessions.created_at",
      "dashboard_sessions.expires_at",
      "dashboard_sessions.last_seen_at",
      "users.email",
      "users.name",
      "users.role",
    ])
    .where("dashboard_sessions.token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at <= now.toISOString()) {
    await db.deleteFrom("dashboard_sessions").where("token_hash", "=", tokenHash).execute();
    return null;
  }
  const { email, name, role, ...session } = row;
  return { session, user: { id: session.user_id, email, name, role } };
}

/** Slides the expiry; a no-op when another request already did since `lastSeenBefore`. */
export async function touchDashboardSession(
  database: Database,
  tokenHash: string,
  update: { last_seen_at: string; expires_at: string },
  lastSeenBefore: string,
): Promise<void> {
  await accountsDb(database)
    .updateTable("dashboard_sessions")
    .set(update)
    .where("token_hash", "=", tokenHash)
    .where("last_seen_at", "<", lastSeenBefore)
    .execute();
}

export async function deleteDashboardSession(database: Database, tokenHash: string): Promise<void> {
  await accountsDb(database).deleteFrom("dashboard_sessions").where("token_hash", "=", tokenHash).execute();
}

/** Signs a user out everywhere (or everywhere but `keepTokenHash`), e.g. after a password change. */
export async function deleteUserSessions(
  database: Database,
  userId: string,
  keepTokenHash?: string,
): Promise<void> {
  let query = accountsDb(database).deleteFrom("dashboard_sessions").where("user_id", "=", userId);
  if (keepTokenHash !== undefined) query = query.where("token_hash", "!=", keepTokenHash);
  await query.execute();
}

export async function deleteExpiredDashboardSessions(database: Database, now: Date): Promise<void> {
  await accountsDb(database)
    .deleteFrom("dashboard_sessions")
    .where("expires_at", "<=", now.toISOString())
    .execute();
}
