/**
 * API keys (SPEC §1.3): only a SHA-256 hash and a display prefix are stored; the plaintext is
 * returned once, at creation. Imported keys of any format are accepted.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "./open-database.js";
import type { Project } from "./project-repository.js";

export interface ApiKeyInfo {
  id: string;
  project_id: string;
  name: string;
  display_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreatedApiKey extends ApiKeyInfo {
  /** The plaintext key. Shown once; only its hash is stored. */
  key: string;
}

export interface ApiKeyMatch {
  key_id: string;
  project: Project;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LAST_USED_RESOLUTION_MS = 60_000;

/** `flm_` + 40 characters of [A-Za-z0-9], uniformly random (rejection sampling, no modulo bias). */
export function generateApiKey(): string {
  let out = "flm_";
  while (out.length < 44) {
    for (const byte of randomBytes(64)) {
      if (byte < 248 && out.length < 44) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export const hashApiKey = (plaintext: string): string =>
  createHash("sha256").update(plaintext, "utf8").digest("hex");

/** Enough to recognise a key in a list, never enough to use it. */
const displayPrefix = (plaintext: string): string =>
  plaintext.slice(0, Math.min(8, Math.floor(plaintext.length / 4)));

/**
 * @example
 * const { key } = await createApiKey(database, "default", "ci"); // show `key` once
 */
export async function createApiKey(
  database: Database,
  projectId: string,
  name: string,
  plaintext: string = generateApiKey(),
): Promise<CreatedApiKey> {
  const info: ApiKeyInfo = {
    id: `key_${randomBytes(8).toString("hex")}`,
    project_id: projectId,
    name,
    display_prefix: displayPrefix(plaintext),
    created_at: new Date().toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await database.kysely
    .insertInto("api_keys")
    .values({ ...info, key_hash: hashApiKey(plaintext) })
    .execute();
  return { ...info, key: plaintext };
}

/** When each key's `last_used_at` was last written by this process (per database). */
const lastUsedWrites = new WeakMap<Database, Map<string, number>>();
/** `last_used_at` writes still running (per database). */
const pendingLastUsed = new WeakMap<Database, Set<Promise<void>>>();

function trackLastUsedWrite(database: Database, write: Promise<void>): void {
  let pending = pendingLastUsed.get(database);
  if (!pending) {
    pending = new Set();
    pendingLastUsed.set(database, pending);
  }
  const tracked = pending;
  tracked.add(write);
  void write.finally(() => tracked.delete(write));
}

/**
 * The project of a valid (known, not revoked) key, else null. `last_used_at` is written at most
 * once a minute per key and process, in the background, and the SQL guard skips it when another
 * process just did.
 */
export async function findProjectByKey(database: Database, plaintext: string): Promise<ApiKeyMatch | null> {
  const row = await database.kysely
    .selectFrom("api_keys")
    .innerJoin("projects", "projects.id", "api_keys.project_id")
    .select([
      "api_keys.id as key_id",
      "projects.id as id",
      "projects.name as name",
      "projects.created_at as created_at",
      "projects.store_content as store_content",
      "projects.retention_days as retention_days",
    ])
    .where("api_keys.key_hash", "=", hashApiKey(plaintext))
    .where("api_keys.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;

  const now = Date.now();
  let writes = lastUsedWrites.get(database);
  if (!writes) {
    writes = new Map();
    lastUsedWrites.set(database, writes);
  }
  if (now - (writes.get(row.key_id) ?? 0) >= LAST_USED_RESOLUTION_MS) {
    writes.set(row.key_id, now);
    const staleBefore = new Date(now - LAST_USED_RESOLUTION_MS).toISOString();
    // Not awaited: the request this lookup serves (often ingest) never waits behind a write,
    // e.g. for SQLite's one writer. A failed bookkeeping write is tried again at the next lookup;
    // listApiKeys waits for pending ones, so a key list shows the use that came before it.
    const write = database.kysely
      .updateTable("api_keys")
      .set({ last_used_at: new Date(now).toISOString() })
      .where("id", "=", row.key_id)
      .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", staleBefore)]))
      .execute()
      .then(
        () => undefined,
        () => void writes?.delete(row.key_id),
      );
    trackLastUsedWrite(database, write);
  }
  const { key_id, store_content, ...project } = row;
  return { key_id, project: { ...project, store_content: store_content === 1 } };
}

export async function listApiKeys(database: Database, projectId: string): Promise<ApiKeyInfo[]> {
  await Promise.all(pendingLastUsed.get(database) ?? []);
  return database.kysely
    .selectFrom("api_keys")
    .select(["id", "project_id", "name", "display_prefix", "created_at", "last_used_at", "revoked_at"])
    .where("project_id", "=", projectId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Keys that still work (not revoked). */
export async function countApiKeys(database: Database, projectId: string): Promise<number> {
  const row = await database.kysely
    .selectFrom("api_keys")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("project_id", "=", projectId)
    .where("revoked_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** True when the key existed in this project and was active. Revoked keys stop working at once. */
export async function revokeApiKey(database: Database, projectId: string, keyId: string): Promise<boolean> {
  const result = await database.kysely
    .updateTable("api_keys")
    .set({ revoked_at: new Date().toISOString() })
    .where("project_id", "=", projectId)
    .where("id", "=", keyId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
