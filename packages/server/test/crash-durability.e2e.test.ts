/**
 * `kill -9` during sustained ingest loses no span that was acknowledged with 200 (SPEC §5.2:
 * 200 is sent only once the batch is durable).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { type SpawnedServer, spawnServer } from "./support/spawn-server.js";
import { newApiKey } from "./support/test-server.js";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
let running: SpawnedServer | undefined;
let dataDir = "";

afterAll(async () => {
  await running?.stop("SIGKILL");
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function batch(traceId: string, size: number, runKey: string) {
  const start = Date.now();
  return Array.from({ length: size }, (_, i) => ({
    config_key: runKey,
    session_id: `crash-${traceId.slice(0, 8)}`,
    trace_id: traceId,
    span_id: hex(8),
    name: "chat.completions.create",
    model: "gpt-4o-mini",
    start_time: new Date(start + i).toISOString(),
    end_time: new Date(start + i + 120).toISOString(),
    attributes: {
      "fallom.raw.usage": JSON.stringify({ prompt_tokens: 10 + i, completion_tokens: 5 }),
      "fallom.raw.request": JSON.stringify({ messages: [{ role: "user", content: "x".repeat(800) }] }),
    },
  }));
}

// Both SQLite writers: on the event loop (the default) and in its own thread
// (FALLOM_SQLITE_WRITER=worker), whose commits the kill interrupts just the same.
it.each([
  { thread: "main", writerEnv: {} },
  { thread: "worker", writerEnv: { FALLOM_SQLITE_WRITER: "worker" } },
])(
  "keeps every acknowledged span across a kill -9 (writer on the $thread thread)",
  async ({ thread, writerEnv }) => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    dataDir = await mkdtemp(path.join(tmpdir(), "fallom-crash-"));
    const apiKey = newApiKey();
    const env = { FALLOM_BOOTSTRAP_API_KEY: apiKey, ...writerEnv };
    running = await spawnServer({ dataDir, env });
    expect(running.output()).toContain(`span writer: ${thread} thread`);
    const runKey = `crash-${hex(4)}`;
    const acknowledged = new Map<string, number>();
    let stop = false;

    const sender = async () => {
      while (!stop) {
        const traceId = hex(16);
        const spans = batch(traceId, 50, runKey);
        try {
          const response = await fetch(`${running?.url}/v1/traces`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
            body: JSON.stringify(spans),
          });
          if (response.status === 200) acknowledged.set(traceId, spans.length);
        } catch {
          return; // the server died under us: this request was never acknowledged
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    running.child.kill("SIGKILL");
    await Promise.all(senders);
    stop = true;
    expect(acknowledged.size).toBeGreaterThan(5);

    running = await spawnServer({ dataDir, env });
    const stored = new Map<string, number>();
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/traces?config_key=${runKey}&limit=200${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await (
        await fetch(`${running.url}${query}`, { headers: { authorization: `Bearer ${apiKey}` } })
      ).json()) as { data: Array<{ trace_id: string; span_count: number }>; next_cursor: string | null };
      for (const trace of page.data) stored.set(trace.trace_id, trace.span_count);
      cursor = page.next_cursor;
    } while (cursor);

    const lost = [...acknowledged].filter(([traceId, count]) => stored.get(traceId) !== count);
    expect(lost).toEqual([]);
    await running.stop("SIGKILL");
  },
  90_000,
);
