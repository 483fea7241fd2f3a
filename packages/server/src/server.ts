/**
 * Wires the parts into one running server: database (migrated), bootstrap project and key, the
 * group-commit writer, the media store, and the HTTP app on one port.
 */
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve } from "@hono/node-server";
import { createAccounts } from "./auth/create-accounts.js";
import { createProjectDirectory } from "./auth/create-project-directory.js";
import type { ServerConfig } from "./config.js";
import { createAbApi } from "./create-ab-api.js";
import { createAdminApi } from "./create-admin-api.js";
import type { PriceOverride } from "./domain/compute-cost.js";
import type { PriceDataStatus } from "./domain/price-data-status.js";
import type { PriceDataFetcher } from "./domain/price-data-update.js";
import { createApp } from "./http/app.js";
import type { AuthedProject, Services } from "./http/app-env.js";
import { type IngestPorts, ingestSpans } from "./ingest/ingest-spans.js";
import { createFileMediaStore } from "./media/media-store.js";
import { startPriceRefresh } from "./price-refresh.js";
import { startRetentionTimer } from "./retention.js";
import { createIngestWriter } from "./store/create-ingest-writer.js";
import {
  countApiKeys,
  createApiKey,
  createStoreReadApi,
  type Database,
  ensureDefaultProject,
  findProjectByKey,
  getMedia,
  getParentContexts,
  hashApiKey,
  insertMedia,
  listPriceOverrides,
  openDatabase,
  upsertCustomMetrics,
} from "./store/index.js";
import { getProject } from "./store/project-repository.js";
import { listSpansMatching } from "./store/span-search.js";
import { TtlCache } from "./ttl-cache.js";

export interface RunningServer {
  url: string;
  port: number;
  config: ServerConfig;
  database: Database;
  /** The plaintext key created at this start (empty database), else null. */
  createdApiKey: string | null;
  /** The one-time token of the printed setup link while no dashboard user exists, else null. */
  setupToken: string | null;
  /** The HTTP app itself, for in-process requests (`app.request()` in tests). */
  app: ReturnType<typeof createApp>;
  /** Forgets cached key → project lookups (after a key is revoked or a price saved). */
  invalidateCaches(): void;
  /** Downloads the published price data now (whatever `FALLOM_PRICE_REFRESH` says); never rejects. */
  refreshPrices(): Promise<PriceDataStatus>;
  close(): Promise<void>;
}

const AUTH_CACHE_MS = 5_000;

async function bootstrap(
  database: Database,
  config: ServerConfig,
  log: (line: string) => void,
): Promise<string | null> {
  const project = await ensureDefaultProject(database);
  if ((await countApiKeys(database, project.id)) > 0) return null;
  let created: Awaited<ReturnType<typeof createApiKey>>;
  try {
    created = await createApiKey(database, project.id, "default", config.bootstrapApiKey ?? undefined);
  } catch (error) {
    // Another process sharing this database bootstrapped at the same moment (same key hash).
    if ((await countApiKeys(database, project.id)) > 0) return null;
    throw error;
  }
  if (config.bootstrapApiKey) {
    log(`Created project "${project.name}" with the API key from FALLOM_BOOTSTRAP_API_KEY.`);
    return created.key;
  }
  log(`Created project "${project.name}" with API key (shown once, only its hash is stored):`);
  log(`  ${created.key}`);
  log("Send traces with `Authorization: Bearer <key>` to /v1/traces, e.g. FALLOM_API_KEY=<key>.");
  return created.key;
}

function toDomainOverrides(rows: Awaited<ReturnType<typeof listPriceOverrides>>): PriceOverride[] {
  return rows.map((row) => ({ ...row, tiers: (row.tiers ?? null) as PriceOverride["tiers"] }));
}

export async function startServer(
  config: ServerConfig,
  options: {
    log?: (line: string) => void;
    /** How the price data refresh downloads the published data (default: `fetch`). */
    fetchPriceData?: PriceDataFetcher;
  } = {},
): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  await mkdir(config.dataDir, { recursive: true });
  const database = await openDatabase(config.databaseUrl);
  const createdApiKey = await bootstrap(database, config, log);
  const accounts = createAccounts(database);
  if (config.admin && (await accounts.bootstrapAdmin(config.admin.email, config.admin.password))) {
    log(`Created the first admin account ${config.admin.email} (from FALLOM_ADMIN_EMAIL).`);
  }
  // A new token at every start while nobody has claimed the first account: the old link dies.
  const setupToken = (await accounts.needsSetup()) ? await accounts.issueSetupToken() : null;
  const { writer, thread: writerThread } = await createIngestWriter(database, {
    maxQueueRows: config.ingestHighWaterRows,
    thread: process.env.FALLOM_SQLITE_WRITER === "worker" ? "worker" : "main",
    log,
  });
  const media = createFileMediaStore(path.join(config.dataDir, "media"));

  const projects = new TtlCache<string, AuthedProject | null>(AUTH_CACHE_MS);
  const authenticate = async (authorization: string | undefined) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match?.[1]) return null;
    const hash = hashApiKey(match[1]);
    return projects.getOrLoad(hash, async () => {
      const found = await findProjectByKey(database, match[1] as string);
      if (!found) return null;
      const overrides = await listPriceOverrides(database, found.project.id);
      return {
        id: found.project.id,
        name: found.project.name,
        storeContent: found.project.store_content,
        priceOverrides: toDomainOverrides(overrides),
      };
    });
  };

  // Dashboard requests choose their project by id; same 5 s cache and invalidation as keys.
  const projectsById = new TtlCache<string, AuthedProject | null>(AUTH_CACHE_MS);
  const loadProject = (projectId: string) =>
    projectsById.getOrLoad(projectId, async () => {
      const project = await getProject(database, projectId);
      if (!project) return null;
      const overrides = await listPriceOverrides(database, project.id);
      return {
        id: project.id,
        name: project.name,
        storeContent: project.store_content,
        priceOverrides: toDomainOverrides(overrides),
      };
    });
  const invalidateCaches = () => {
    projects.clear();
    projectsById.clear();
  };

  const ports: IngestPorts = {
    parentContexts: (projectId, keys) => getParentContexts(database, projectId, keys),
    async putMedia(projectId, blobs) {
      for (const blob of blobs) await media.put(projectId, blob);
      await insertMedia(
        database,
        projectId,
        blobs.map((blob) => ({ sha256: blob.sha256, mime_type: blob.mimeType, size: blob.bytes.length })),
      );
    },
    async write(projectId, records) {
      await writer.write(projectId, records);
    },
  };

  const services: Services = {
    config,
    log,
    authenticate,
    writer,
    async ingest(project, spans) {
      await ingestSpans(project, ports, spans);
    },
    async saveCustomMetrics(projectId, configKey, sessionId, data) {
      await upsertCustomMetrics(database, projectId, configKey, sessionId, data);
    },
    async readMedia(projectId, sha256) {
      const row = await getMedia(database, projectId, sha256);
      if (!row) return null;
      const stored = await media.get(projectId, sha256);
      return stored ? { bytes: stored.bytes, mimeType: row.mime_type } : null;
    },
    read: createStoreReadApi(database),
    ab: createAbApi(database),
    // A revoked key, a saved price or a privacy setting applies to this process's next request.
    admin: createAdminApi(database, { onChange: invalidateCaches }),
    accounts,
    projects: { ...createProjectDirectory(database, { onChange: invalidateCaches }), load: loadProject },
    searchSpans: (projectId, filters, text, page) =>
      listSpansMatching(database, projectId, filters, text, page),
  };

  const app = createApp(services, log);
  const httpServer = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(server),
    );
    server.once("error", reject);
  });
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${shownHost === "0.0.0.0" ? "127.0.0.1" : shownHost}:${port}`;
  const retention = startRetentionTimer(database, { log });
  const priceRefresh = startPriceRefresh(database, {
    intervalMs: config.priceRefreshMs,
    log,
    ...(options.fetchPriceData ? { fetchData: options.fetchPriceData } : {}),
  });
  log(
    `Fallom server listening on ${url} (database: ${database.dialect.name}, span writer: ${writerThread} thread, data: ${config.dataDir})`,
  );
  if (setupToken) {
    log(`Open ${config.publicUrl ?? url}/setup?token=${setupToken} to create the first admin account.`);
  }

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    config,
    database,
    createdApiKey,
    setupToken,
    app,
    invalidateCaches,
    refreshPrices: () => priceRefresh.refreshNow(),
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          (httpServer as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await retention.stop();
        await priceRefresh.stop();
        await writer.close();
        const written = writer.stats();
        log(
          `Span writer (${writerThread} thread): ${written.committedRows} rows in ${written.transactions} transactions.`,
        );
        await database.close();
      })();
      return closing;
    },
  };
}
