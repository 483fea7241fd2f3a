/**
 * Table types of the dashboard accounts (migration 0003). Kept apart from `schema.ts`: the
 * account repositories see them through `accountsDb()`, so the span schema stays as it is.
 */
import type { Kysely } from "kysely";
import type { Database } from "./open-database.js";
import type { StoreSchema } from "./schema.js";

export type UserRole = "admin" | "member" | "viewer";

export interface UsersTable {
  id: string;
  email: string;
  /** `email` trimmed and lowercased: unique, and what logins look up. */
  email_key: string;
  name: string;
  /** `scrypt$…` (see auth/password-hash.ts); never the password. */
  password_hash: string;
  role: UserRole;
  created_at: string;
}

export interface DashboardSessionsTable {
  /** SHA-256 of the cookie's token, lowercase hex. */
  token_hash: string;
  user_id: string;
  /** Sent back by the SPA in `X-CSRF-Token` on every mutation. */
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface SetupTokensTable {
  id: string;
  token_hash: string;
  created_at: string;
}

export interface LoginFailuresTable {
  /** SHA-256 of `email|client address`: no plaintext emails or addresses kept for this. */
  throttle_key: string;
  /** Epoch ms. */
  failed_at: number;
}

// A type alias, not an interface: `withTables` needs an index-signature-compatible type.
export type AccountsSchema = {
  users: UsersTable;
  dashboard_sessions: DashboardSessionsTable;
  setup_tokens: SetupTokensTable;
  login_failures: LoginFailuresTable;
};

/** The database's Kysely instance, typed with the account tables too. */
export const accountsDb = (database: Database): Kysely<StoreSchema & AccountsSchema> =>
  database.kysely.withTables<AccountsSchema>();
