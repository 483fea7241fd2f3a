/**
 * Scale-out (ARCHITECTURE "Scale-out"): two server processes on one PostgreSQL ingest and read
 * consistently — each sees what the other stored, retries through either one never duplicate.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type EmbeddedPostgresHandle,
  startEmbeddedPostgres,
} from "../src/store/test-support/start-embedded-postgres.js";
import { type SpawnedServer, spawnServer } from "./support/spawn-server.js";
import { newApiKey } from "./support/test-server.js";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
let pg: EmbeddedPostgresHandle;
const servers: SpawnedServer[] = [];
const dirs: string[] = [];
const apiKey = newApiKey();

beforeAll(async () => {
  pg = await startEmbeddedPostgres();
  const databaseUrl = await pg.createDatabase();
  // Started together: migrations and bootstrap must be safe when two processes race.
  const started = await Promise.all(
    [0, 1].map(async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), "fallom-pg-node-"));
      dirs.push(dataDir);
      return spawnServer({ dataDir, databaseUrl, env: { FALLOM_BOOTSTRAP_API_KEY: apiKey } });
    }),
  );
  servers.push(...started);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await pg?.stop();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function spanBatch(traceId: string, count: number) {
  const start = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    config_key: "scale-out",
    session_id: `so-${traceId.slice(0, 6)}`,
    trace_id: traceId,
    span_id: hex(8),
    name: "chat.completions.create",
    model: "gpt-4o-mini",
    start_time: new Date(start + i).toISOString(),
    end_time: new Date(start + i + 50).toISOString(),
    attributes: { "fallom.raw.usage": JSON.stringify({ prompt_tokens: 20, completion_tokens: 4 }) },
  }));
}

async function post(server: SpawnedServer, body: unknown) {
  const response = await fetch(`${server.url}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });
  return response.status;
}

async function read(server: SpawnedServer, query: string) {
  const response = await fetch(`${server.url}${query}`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as any;
}

it("two processes on one PostgreSQL ingest concurrently and read each other's data", async () => {
  const [a, b] = servers as [SpawnedServer, SpawnedServer];
  const traces = Array.from({ length: 20 }, () => hex(16));
  const batches = traces.map((traceId) => spanBatch(traceId, 10));
  // Every batch goes to both servers at once: the second copy must be a no-op.
  const statuses = await Promise.all(batches.flatMap((batch) => [post(a, batch), post(b, batch)]));
  expect(statuses.every((status) => status === 200)).toBe(true);

  for (const server of [a, b]) {
    const metrics = await read(server, "/api/v1/metrics?group_by=config_key&config_key=scale-out");
    expect(metrics.data).toEqual([
      expect.objectContaining({ group: "scale-out", count: 200, input_tokens: 4000 }),
    ]);
    const trace = await read(server, `/api/v1/traces/${traces[7]}`);
    expect(trace.span_count).toBe(10);
  }
  // Written through A, read through B at once.
  const traceId = hex(16);
  expect(await post(a, spanBatch(traceId, 3))).toBe(200);
  expect((await read(b, `/api/v1/spans?trace_id=${traceId}`)).data).toHaveLength(3);
}, 120_000);
