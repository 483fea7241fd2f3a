/**
 * The one storage pattern behind model configs, prompts and prompt A/B tests: a head row per key
 * (with the current version pointer) and immutable, numbered version rows. Saving appends a version
 * and moves the pointer in one transaction; rolling back only moves the pointer. The three
 * repositories bind this to their tables and payload columns.
 */
import type { Kysely, Transaction } from "kysely";
import type { VersionColumns, VersionedHeadsTable } from "./ab-schema.js";
import type { Database } from "./open-database.js";

/** A version row with its object's head fields. */
export type VersionRow<Payload> = Payload &
  Omit<VersionColumns, "project_id"> & {
    /** Whether this version is the key's current one. */
    is_current: boolean;
  };

export interface HeadWithCurrent<Payload> {
  key: string;
  description: string;
  current_version: number;
  /** Number of versions saved so far (the highest version number). */
  latest_version: number;
  created_at: string;
  updated_at: string;
  current: VersionRow<Payload>;
}

export type SaveOutcome<Payload> =
  | { status: "saved"; version: VersionRow<Payload> }
  | { status: "exists" }
  | { status: "not_found" };

export interface SaveOptions {
  note?: string;
  createdBy?: string | null;
  description?: string;
}

export interface VersionedObjects<Payload> {
  list(projectId: string): Promise<Array<HeadWithCurrent<Payload>>>;
  get(projectId: string, key: string): Promise<HeadWithCurrent<Payload> | null>;
  listVersions(projectId: string, key: string): Promise<Array<VersionRow<Payload>>>;
  getVersion(projectId: string, key: string, version: number): Promise<VersionRow<Payload> | null>;
  /** Every version of every key: by key, each key's current version last, the others ascending. */
  listAllVersionsCurrentLast(projectId: string): Promise<Array<VersionRow<Payload>>>;
  /** Creates a new key at version 1; `exists` when the key is taken. */
  create(
    projectId: string,
    key: string,
    payload: Payload,
    options?: SaveOptions,
  ): Promise<SaveOutcome<Payload>>;
  /** Appends version n+1 and makes it current; `not_found` for an unknown key. */
  append(
    projectId: string,
    key: string,
    payload: Payload,
    options?: SaveOptions,
  ): Promise<SaveOutcome<Payload>>;
  /** Makes an existing version current (roll back or forward); null when key or version is unknown. */
  setCurrent(projectId: string, key: string, version: number): Promise<HeadWithCurrent<Payload> | null>;
}

interface Binding<Payload> {
  heads: string;
  versions: string;
  /** Payload → column values (JSON encoded where needed). */
  toColumns(payload: Payload): Record<string, unknown>;
  /** Column values → payload. */
  fromColumns(row: Record<string, unknown>): Payload;
  payloadColumns: readonly string[];
}

const APPEND_ATTEMPTS = 5;

/**
 * @example
 * const prompts = versionedObjects<PromptPayload>(database, { heads: "prompts", versions: "prompt_versions", … });
 * await prompts.create("default", "onboarding", { system_prompt: "…", user_template: "…" });
 */
export function versionedObjects<Payload>(
  database: Database,
  binding: Binding<Payload>,
): VersionedObjects<Payload> {
  // The tables are chosen by the binding, so the query builder is used untyped here and the rows
  // are typed at this file's boundary.
  // biome-ignore lint/suspicious/noExplicitAny: table names are parameters of this helper.
  const db = database.kysely as unknown as Kysely<any>;
  const { heads, versions } = binding;
  const versionColumns = [
    "key",
    "version",
    "note",
    "created_by",
    "created_at",
    ...binding.payloadColumns,
  ].map((column) => `v.${column}`);

  const toVersion = (row: Record<string, unknown>, currentVersion: number): VersionRow<Payload> => ({
    ...binding.fromColumns(row),
    key: row.key as string,
    version: Number(row.version),
    note: row.note as string,
    created_by: (row.created_by as string | null) ?? null,
    created_at: row.created_at as string,
    is_current: Number(row.version) === currentVersion,
  });

  const headQuery = (projectId: string) =>
    db
      .selectFrom(`${heads} as h`)
      .innerJoin(`${versions} as v`, (join) =>
        join
          .onRef("v.project_id", "=", "h.project_id")
          .onRef("v.key", "=", "h.key")
          .onRef("v.version", "=", "h.current_version"),
      )
      .select([
        "h.description as head_description",
        "h.current_version as head_current_version",
        "h.created_at as head_created_at",
        "h.updated_at as head_updated_at",
        (eb) =>
          eb
            .selectFrom(`${versions} as m`)
            .select((inner) => inner.fn.max("m.version").as("n"))
            .whereRef("m.project_id", "=", "h.project_id")
            .whereRef("m.key", "=", "h.key")
            .as("head_latest_version"),
        ...versionColumns,
      ])
      .where("h.project_id", "=", projectId);

  /** Every version of one key, each with its head's current version (to mark `is_current`). */
  const versionsQuery = (projectId: string, key: string) =>
    db
      .selectFrom(`${versions} as v`)
      .innerJoin(`${heads} as h`, (join) =>
        join.onRef("h.project_id", "=", "v.project_id").onRef("h.key", "=", "v.key"),
      )
      .select([...versionColumns, "h.current_version as head_current_version"])
      .where("v.project_id", "=", projectId)
      .where("v.key", "=", key);

  const toHead = (row: Record<string, unknown>): HeadWithCurrent<Payload> => {
    const current = Number(row.head_current_version);
    return {
      key: row.key as string,
      description: row.head_description as string,
      current_version: current,
      latest_version: Number(row.head_latest_version),
      created_at: row.head_created_at as string,
      updated_at: row.head_updated_at as string,
      current: toVersion(row, current),
    };
  };

  async function get(projectId: string, key: string): Promise<HeadWithCurrent<Payload> | null> {
    const row = await headQuery(projectId).where("h.key", "=", key).executeTakeFirst();
    return row ? toHead(row) : null;
  }

  async function insertVersion(
    trx: Transaction<unknown> | Kysely<unknown>,
    projectId: string,
    key: string,
    version: number,
    payload: Payload,
    options: SaveOptions,
    now: string,
  ): Promise<void> {
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    await (trx as Kysely<any>)
      .insertInto(versions)
      .values({
        project_id: projectId,
        key,
        version,
        note: options.note ?? "",
        created_by: options.createdBy ?? null,
        created_at: now,
        ...binding.toColumns(payload),
      })
      .execute();
  }

  async function savedVersion(
    projectId: string,
    key: string,
    version: number,
  ): Promise<SaveOutcome<Payload>> {
    const row = await getVersion(projectId, key, version);
    if (!row) throw new Error(`version ${version} of ${key} vanished right after it was saved`);
    return { status: "saved", version: row };
  }

  async function getVersion(
    projectId: string,
    key: string,
    version: number,
  ): Promise<VersionRow<Payload> | null> {
    const row = await versionsQuery(projectId, key).where("v.version", "=", version).executeTakeFirst();
    return row ? toVersion(row, Number(row.head_current_version)) : null;
  }

  return {
    async list(projectId) {
      const rows = await headQuery(projectId).orderBy("h.key").execute();
      return rows.map(toHead);
    },
    get,
    getVersion,
    async listVersions(projectId, key) {
      const rows = await versionsQuery(projectId, key).orderBy("v.version").execute();
      return rows.map((row) => toVersion(row, Number(row.head_current_version)));
    },
    async listAllVersionsCurrentLast(projectId) {
      const rows = await db
        .selectFrom(`${versions} as v`)
        .innerJoin(`${heads} as h`, (join) =>
          join.onRef("h.project_id", "=", "v.project_id").onRef("h.key", "=", "v.key"),
        )
        .select([...versionColumns, "h.current_version as head_current_version"])
        .where("v.project_id", "=", projectId)
        .orderBy("v.key")
        .orderBy("v.version")
        .execute();
      const out = rows.map((row) => toVersion(row, Number(row.head_current_version)));
      // Stable sort: within a key, the current version moves behind the others.
      return out
        .map((row, index) => ({ row, index }))
        .sort((a, b) =>
          a.row.key === b.row.key
            ? Number(a.row.is_current) - Number(b.row.is_current) || a.index - b.index
            : a.index - b.index,
        )
        .map(({ row }) => row);
    },
    async create(projectId, key, payload, options = {}) {
      const now = new Date().toISOString();
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto(heads)
            .values({
              project_id: projectId,
              key,
              current_version: 1,
              description: options.description ?? "",
              created_at: now,
              updated_at: now,
            } satisfies VersionedHeadsTable)
            .execute();
          await insertVersion(trx, projectId, key, 1, payload, options, now);
        });
      } catch (error) {
        // A concurrent or earlier create of the same key: the primary key said no.
        if (await get(projectId, key)) return { status: "exists" };
        throw error;
      }
      return savedVersion(projectId, key, 1);
    },
    async append(projectId, key, payload, options = {}) {
      for (let attempt = 1; ; attempt += 1) {
        const now = new Date().toISOString();
        let next: number | null = null;
        try {
          next = await db.transaction().execute(async (trx) => {
            const head = await trx
              .selectFrom(heads)
              .select("current_version")
              .where("project_id", "=", projectId)
              .where("key", "=", key)
              .executeTakeFirst();
            if (!head) return null;
            const max = await trx
              .selectFrom(versions)
              .select((eb) => eb.fn.max("version").as("n"))
              .where("project_id", "=", projectId)
              .where("key", "=", key)
              .executeTakeFirst();
            const version = Number(max?.n ?? 0) + 1;
            await insertVersion(trx, projectId, key, version, payload, options, now);
            await trx
              .updateTable(heads)
              .set({
                current_version: version,
                updated_at: now,
                ...(options.description !== undefined ? { description: options.description } : {}),
              })
              .where("project_id", "=", projectId)
              .where("key", "=", key)
              .execute();
            return version;
          });
        } catch (error) {
          // Two saves raced for the same version number (PostgreSQL): the loser tries the next one.
          if (attempt < APPEND_ATTEMPTS) continue;
          throw error;
        }
        if (next === null) return { status: "not_found" };
        return savedVersion(projectId, key, next);
      }
    },
    async setCurrent(projectId, key, version) {
      const exists = await getVersion(projectId, key, version);
      if (!exists) return null;
      await db
        .updateTable(heads)
        .set({ current_version: version, updated_at: new Date().toISOString() })
        .where("project_id", "=", projectId)
        .where("key", "=", key)
        .execute();
      return get(projectId, key);
    },
  };
}
