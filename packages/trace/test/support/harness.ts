/**
 * End-to-end harness for SDK tests: the real server (in-process, SQLite in a temp dir, known key)
 * and the real mock LLM on free ports, plus a poller for `/api/v1/spans`.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type MockLlm, startMockLlm } from "@fallom/mock-llm";
import { type RunningServer, resolveConfig, startServer } from "@fallom/server";

/** A span as `/api/v1/spans` returns it (SPEC §4.1); loosely typed for field-by-field asserts. */
export type ApiSpan = Record<string, any>;

export interface TraceServer {
  url: string;
  apiKey: string;
  server: RunningServer;
  /** Every span of the project matching `query` (paginates through the whole list). */
  spans(query?: Record<string, string>): Promise<ApiSpan[]>;
  /** Polls until at least `count` spans match, then waits `settleMs` more and returns them all. */
  waitForSpans(
    query: Record<string, string>,
    count: number,
    options?: { timeoutMs?: number; settleMs?: number },
  ): Promise<ApiSpan[]>;
  close(): Promise<void>;
}

export function newApiKey(): string {
  return `flm_${randomBytes(20).toString("hex")}`;
}

export async function startTraceServer(
  options: { port?: number; apiKey?: string; dataDir?: string } = {},
): Promise<TraceServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), "fallom-sdk-test-")));
  const apiKey = options.apiKey ?? newApiKey();
  const config = resolveConfig(
    { port: options.port ?? 0, dataDir },
    {
      FALLOM_BOOTSTRAP_API_KEY: apiKey,
      FALLOM_PRICE_REFRESH: "off",
    },
  );
  const server = await startServer(config, { log: () => {} });
  const url = server.url;

  async function spans(query: Record<string, string> = {}): Promise<ApiSpan[]> {
    const all: ApiSpan[] = [];
    let cursor: string | undefined;
    do {
      const params = new URLSearchParams({ ...query, limit: "200", ...(cursor ? { cursor } : {}) });
      const response = await fetch(`${url}/api/v1/spans?${params}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      if (!response.ok) throw new Error(`GET /api/v1/spans → ${response.status} ${await response.text()}`);
      const page = (await response.json()) as { data: ApiSpan[]; next_cursor: string | null };
      all.push(...page.data);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return all;
  }

  return {
    url,
    apiKey,
    server,
    spans,
    async waitForSpans(query, count, { timeoutMs = 15_000, settleMs = 300 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await spans(query);
        if (found.length >= count) {
          await new Promise((resolve) => setTimeout(resolve, settleMs));
          return spans(query);
        }
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} spans for ${JSON.stringify(query)}, found ${found.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await server.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Harness {
  server: TraceServer;
  mock: MockLlm;
  close(): Promise<void>;
}

/** Starts the server and the mock LLM together. */
export async function startHarness(): Promise<Harness> {
  const [server, mock] = await Promise.all([startTraceServer(), startMockLlm({ port: 0 })]);
  return {
    server,
    mock,
    async close() {
      await Promise.all([server.close(), mock.close()]);
    },
  };
}
