/**
 * Dashboard users (SPEC §1.3). Emails are unique case-insensitively (`email_key`); the password
 * arrives already hashed (auth/password-hash.ts), so the store never sees a password.
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { type AccountsSchema, accountsDb, type UserRole } from "./accounts-schema.js";
import type { Database } from "./open-database.js";
import type { StoreSchema } from "./schema.js";

/** The accounts-typed database or an open transaction on it. */
export type AccountsExecutor = Kysely<StoreSchema & AccountsSchema>;

export interface User {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  created_at: string;
}

export interface UserWithPassword extends User {
  password_hash: string;
}

/** How emails compare: trimmed, lowercased. */
export const toEmailKey = (email: string): string => email.trim().toLowerCase();

/** Thrown by {@link createUser} when the email is taken (also by a concurrent insert). */
export class EmailTakenError extends Error {
  constructor(email: string) {
    super(`A user with email ${email} already exists.`);
    this.name = "EmailTakenError";
  }
}

const USER_COLUMNS = ["id", "email", "name", "role", "created_at"] as const;

export async function countUsers(database: Database): Promise<number> {
  const row = await accountsDb(database)
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countAdmins(database: Database): Promise<number> {
  const row = await accountsDb(database)
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "admin")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Inserts a user through `db` (the database or an open transaction). Throws
 * {@link EmailTakenError} when the email is taken (also when a concurrent insert wins the race).
 *
 * @example
 * const user = await createUser(database, { email: "ada@example.com", name: "Ada", role: "admin", password_hash });
 */
export async function createUser(
  database: Database | AccountsExecutor,
  input: { email: string; name: string; role: UserRole; password_hash: string },
): Promise<User> {
  const db = "kysely" in database ? accountsDb(database) : database;
  const email = input.email.trim();
  const user: User = {
    id: `usr_${randomBytes(8).toString("hex")}`,
    email,
    name: input.name,
    role: input.role,
    created_at: new Date().toISOString(),
  };
  const taken = async () =>
    (await db
      .selectFrom("users")
      .select("id")
      .where("email_key", "=", toEmailKey(email))
      .executeTakeFirst()) !== undefined;
  if (await taken()) throw new EmailTakenError(email);
  try {
    await db
      .insertInto("users")
      .values({ ...user, email_key: toEmailKey(email), password_hash: input.password_hash })
      .execute();
  } catch (error) {
    // Lost a race with another insert of the same email: the unique index said no. (Inside a
    // PostgreSQL transaction the failed statement aborts it, so the check cannot run there.)
    if ("kysely" in database && (await taken())) throw new EmailTakenError(email);
    throw error;
  }
  return user;
}

export async function getUser(database: Database, id: string): Promise<User | null> {
  const row = await accountsDb(database)
    .selectFrom("users")
    .select(USER_COLUMNS)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ?? null;
}

/** The user with this email (any case), with the password hash a login compares against. */
export async function findUserByEmail(database: Database, email: string): Promise<UserWithPassword | null> {
  const row = await accountsDb(database)
    .selectFrom("users")
    .select([...USER_COLUMNS, "password_hash"])
    .where("email_key", "=", toEmailKey(email))
    .executeTakeFirst();
  return row ?? null;
}

export async function getPasswordHash(database: Database, id: string): Promise<string | null> {
  const row = await accountsDb(database)
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", id)
    .executeTakeFirst();
  return row?.password_hash ?? null;
}

export async function listUsers(database: Database): Promise<User[]> {
  return accountsDb(database)
    .selectFrom("users")
    .select(USER_COLUMNS)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Applies the given fields; returns the updated user, or null when there is no such user. */
export async function updateUser(
  database: Database,
  id: string,
  patch: { name?: string; role?: UserRole; password_hash?: string },
): Promise<User | null> {
  if (Object.keys(patch).length > 0) {
    await accountsDb(database).updateTable("users").set(patch).where("id", "=", id).execute();
  }
  return getUser(database, id);
}

/** Deletes the user and their sessions; true when the user existed. */
export async function deleteUser(database: Database, id: string): Promise<boolean> {
  return accountsDb(database)
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom("dashboard_sessions").where("user_id", "=", id).execute();
      const result = await trx.deleteFrom("users").where("id", "=", id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
}
