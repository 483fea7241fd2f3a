/**
 * Starts the real server (SQLite in a temp dir unless a database URL is given) on a free port,
 * with a known bootstrap key, and offers small request helpers.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveConfig } from "../../src/config.js";
import { type RunningServer, startServer } from "../../src/server.js";

export interface TestServer {
  url: string;
  apiKey: string;
  dataDir: string;
  server: RunningServer;
  close(): Promise<void>;
  get(pathAndQuery: string, key?: string): Promise<Response>;
  getJson<T = any>(pathAndQuery: string, key?: string): Promise<T>;
  post(pathName: string, body: string | Uint8Array, headers?: Record<string, string>): Promise<Response>;
  postJson(pathName: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export function newApiKey(): string {
  return `flm_${randomBytes(20).toString("hex")}`;
}

export async function startTestServer(
  options: { databaseUrl?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "fallom-test-"));
  const apiKey = newApiKey();
  const config = resolveConfig(
    { port: 0, dataDir, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) },
    // No price data download: tests assert costs from the bundled data, whatever the network offers.
    { FALLOM_BOOTSTRAP_API_KEY: apiKey, FALLOM_PRICE_REFRESH: "off", ...options.env },
  );
  const server = await startServer(config, { log: () => {} });
  const url = server.url;
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const get = (pathAndQuery: string, key = apiKey) => fetch(`${url}${pathAndQuery}`, { headers: auth(key) });
  const post = (pathName: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    fetch(`${url}${pathName}`, { method: "POST", body, headers: { ...auth(apiKey), ...headers } });
  return {
    url,
    apiKey,
    dataDir,
    server,
    get,
    async getJson<T = any>(pathAndQuery: string, key?: string): Promise<T> {
      const response = await get(pathAndQuery, key);
      if (!response.ok) throw new Error(`GET ${pathAndQuery} → ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    post,
    postJson: (pathName, body, headers = {}) =>
      post(pathName, JSON.stringify(body), { "content-type": "application/json", ...headers }),
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
