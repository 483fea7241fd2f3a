/**
 * Starts a store backend and opens the database on it for the enclosing `describe` block, closing
 * both afterwards.
 */
import { afterAll, beforeAll } from "vitest";
import { type Database, openDatabase } from "../open-database.js";
import type { StoreBackend } from "./store-backends.js";

/** The opened store; reading it before `beforeAll` ran throws. */
export interface StoreUnderTest {
  readonly database: Database;
  readonly url: string;
  freshUrl(): Promise<string>;
}

/** Registers `beforeAll`/`afterAll` hooks that start `backend` and open (then close) its database. */
export function useStoreDatabase(backend: StoreBackend): StoreUnderTest {
  let state: { database: Database; url: string; freshUrl(): Promise<string> } | undefined;
  // Kept apart from `state` so the backend is stopped even when opening the database failed.
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const started = await backend.start();
    stop = started.stop;
    state = { ...started, database: await openDatabase(started.url) };
  });

  afterAll(async () => {
    await state?.database.close();
    await stop?.();
  });

  const started = () => {
    if (!state) throw new Error(`the ${backend.name} backend did not start`);
    return state;
  };
  return {
    get database() {
      return started().database;
    },
    get url() {
      return started().url;
    },
    freshUrl: () => started().freshUrl(),
  };
}
