/**
 * The one-time setup token that claims the first admin account (SPEC §1.3). There is at most one:
 * issuing a token replaces the previous one, and claiming deletes it in the same transaction that
 * creates the user, so a token works once even when two requests race.
 */
import type { Transaction } from "kysely";
import { type AccountsSchema, accountsDb } from "./accounts-schema.js";
import type { Database } from "./open-database.js";
import type { StoreSchema } from "./schema.js";

const SETUP_TOKEN_ID = "first_admin";

export type AccountsTransaction = Transaction<StoreSchema & AccountsSchema>;

/** Stores `tokenHash` as the only valid setup token. */
export async function replaceSetupToken(database: Database, tokenHash: string): Promise<void> {
  const values = { id: SETUP_TOKEN_ID, token_hash: tokenHash, created_at: new Date().toISOString() };
  await accountsDb(database)
    .insertInto("setup_tokens")
    .values(values)
    .onConflict((conflict) =>
      conflict.column("id").doUpdateSet({ token_hash: values.token_hash, created_at: values.created_at }),
    )
    .execute();
}

export async function deleteSetupToken(database: Database): Promise<void> {
  await accountsDb(database).deleteFrom("setup_tokens").execute();
}

/**
 * Runs `create` only when `tokenHash` is the current setup token and no user exists yet; the
 * token is consumed in the same transaction. Returns null when the token is wrong or used.
 *
 * @example
 * const user = await claimSetupToken(database, hash, (trx) => insertFirstAdmin(trx));
 */
export async function claimSetupToken<T>(
  database: Database,
  tokenHash: string,
  create: (trx: AccountsTransaction) => Promise<T>,
): Promise<T | null> {
  return accountsDb(database)
    .transaction()
    .execute(async (trx) => {
      // Deleting first takes the row lock on PostgreSQL: a concurrent claim waits, then deletes 0.
      const consumed = await trx
        .deleteFrom("setup_tokens")
        .where("id", "=", SETUP_TOKEN_ID)
        .where("token_hash", "=", tokenHash)
        .executeTakeFirst();
      if (Number(consumed.numDeletedRows) !== 1) return null;
      const users = await trx
        .selectFrom("users")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      if (Number(users.n) > 0) return null;
      return create(trx);
    });
}
