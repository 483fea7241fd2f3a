/**
 * A better-sqlite3 connection whose statements record their SQL, parameters, time and row count,
 * behind the compiled store's own `sqliteDialect` — so the compiled store functions
 * (`listSpans`, `getSession`, `metrics`…) run unchanged and the benchmark sees exactly the SQL
 * the server would run.
 *
 * @example
 * const { database, raw, recorded } = await openRecordingDatabase(path);
 * const store = await loadStoreQueries();
 * await store.listSpans(database, "default", { session_id: "s" }, { limit: 50 });
 * recorded[0].sql; // select "spans".* from "spans" where …
 */
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { SERVER_DIST } from "./server-process.mjs";

/**
 * A better-sqlite3 connection whose statements record their SQL, parameters and time, behind the
 * compiled store's own `sqliteDialect`, so the store functions run unchanged.
 * @param {string} path
 * @param {{ readonly?: boolean }} [options]
 */
export async function openRecordingDatabase(path, options = {}) {
  const { sqliteDialect } = await import(`${SERVER_DIST}store/sqlite-dialect.js`);
  const raw = new BetterSqlite3(path, { readonly: options.readonly ?? true });
  raw.pragma("cache_size = -65536");
  raw.pragma("temp_store = MEMORY");
  /** @type {Array<{ sql: string, params: unknown[], ms: number, rows: number }>} */
  const recorded = [];
  const wrapStatement = (/** @type {any} */ statement, /** @type {string} */ sql) =>
    new Proxy(statement, {
      get(target, property) {
        const value = target[property];
        if (property === "all" || property === "run" || property === "get") {
          return (/** @type {unknown[]} */ ...params) => {
            const started = performance.now();
            const result = value.apply(target, params);
            recorded.push({
              sql,
              params: params.flat(),
              ms: performance.now() - started,
              rows: Array.isArray(result) ? result.length : 1,
            });
            return result;
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const recording = new Proxy(raw, {
    get(target, property) {
      if (property === "prepare")
        return (/** @type {string} */ sql) => wrapStatement(target.prepare(sql), sql);
      const value = /** @type {any} */ (target)[property];
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const kysely = new Kysely({ dialect: new SqliteDialect({ database: recording }) });
  return { database: { kysely, dialect: sqliteDialect, close: () => kysely.destroy() }, raw, recorded };
}

/** The compiled read queries, by their exported names. */
export async function loadStoreQueries() {
  return {
    ...(await import(`${SERVER_DIST}store/span-queries.js`)),
    ...(await import(`${SERVER_DIST}store/session-queries.js`)),
    ...(await import(`${SERVER_DIST}store/trace-queries.js`)),
    ...(await import(`${SERVER_DIST}store/customer-queries.js`)),
    ...(await import(`${SERVER_DIST}store/metrics-query.js`)),
  };
}
