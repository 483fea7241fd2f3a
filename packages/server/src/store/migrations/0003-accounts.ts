/**
 * Dashboard accounts (SPEC §1.3, §5.1): users, cookie sessions, the one-time setup token for the
 * first admin, and failed logins for the login rate limit. Every secret is stored as a hash.
 * Timestamps are ISO-8601 text like the other admin tables, except `login_failures.failed_at`
 * (epoch ms, compared as a number in the rate-limit window).
 */
import type { Kysely, Migration } from "kysely";

// Migrations must not depend on the evolving table types.
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its own time.
type AnyDb = Kysely<any>;

async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull())
    // The email lowercased in code (not SQL lower(), which differs between the two databases
    // outside ASCII): uniqueness and login lookups are case-insensitive.
    .addColumn("email_key", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("dashboard_sessions")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("dashboard_sessions_user")
    .on("dashboard_sessions")
    .columns(["user_id"])
    .execute();
  await db.schema
    .createIndex("dashboard_sessions_expires")
    .on("dashboard_sessions")
    .columns(["expires_at"])
    .execute();

  // At most one row (id "first_admin"): issuing a new token replaces the old one.
  await db.schema
    .createTable("setup_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("login_failures")
    .addColumn("throttle_key", "text", (c) => c.notNull())
    .addColumn("failed_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("login_failures_key")
    .on("login_failures")
    .columns(["throttle_key", "failed_at"])
    .execute();
  await db.schema.createIndex("login_failures_time").on("login_failures").columns(["failed_at"]).execute();
}

async function down(db: AnyDb): Promise<void> {
  for (const table of ["login_failures", "setup_tokens", "dashboard_sessions", "users"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

export const accountsMigration: Migration = { up, down };
