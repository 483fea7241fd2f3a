/**
 * The real hono app over a real (temp SQLite) database, for in-process `app.request()` tests of
 * the config, prompt and experiment endpoints. Only the services these routes and the /api/v1
 * key check reach are bound; the rest of the server is not started.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveConfig } from "../../src/config.js";
import { createAbApi } from "../../src/create-ab-api.js";
import { createApp } from "../../src/http/app.js";
import type { Services } from "../../src/http/app-env.js";
import {
  createApiKey,
  createProject,
  type Database,
  findProjectByKey,
  openDatabase,
} from "../../src/store/index.js";

export interface AbTestApp {
  database: Database;
  key: string;
  projectId: string;
  request(method: string, pathName: string, body?: unknown, key?: string): Promise<Response>;
  /** A second project's key, to prove scoping. */
  otherKey(): Promise<string>;
  close(): Promise<void>;
}

export async function startAbTestApp(): Promise<AbTestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "fallom-ab-app-"));
  const database = await openDatabase(`sqlite:${path.join(dataDir, "fallom.db")}`);
  const project = await createProject(database, { name: "ab" });
  const { key } = await createApiKey(database, project.id, "test");
  const services = {
    config: resolveConfig({ dataDir, port: 0 }, {}),
    log: () => {},
    async authenticate(authorization: string | undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
      const found = match?.[1] ? await findProjectByKey(database, match[1]) : null;
      return found
        ? { id: found.project.id, name: found.project.name, storeContent: true, priceOverrides: [] }
        : null;
    },
    ab: createAbApi(database),
  } as unknown as Services;
  const app = createApp(services, () => {});
  return {
    database,
    key,
    projectId: project.id,
    request(method, pathName, body, requestKey = key) {
      return Promise.resolve(
        app.request(pathName, {
          method,
          headers: { authorization: `Bearer ${requestKey}`, "content-type": "application/json" },
          ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
        }),
      );
    },
    async otherKey() {
      const other = await createProject(database, { name: "other" });
      return (await createApiKey(database, other.id, "other")).key;
    },
    async close() {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
