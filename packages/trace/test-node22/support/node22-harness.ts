/**
 * Harness for the Node 22 line. better-sqlite3 is compiled for the repository's Node 20, so the
 * trace server runs in a child process started with the Node 20 binary (`FALLOM_TEST_NODE20`, set
 * by scripts/test-node22.sh); mock-llm has no native code and runs in-process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type MockLlm, startMockLlm } from "../../../mock-llm/dist/index.js";

// biome-ignore lint/suspicious/noExplicitAny: API records are asserted field by field, loosely typed.
export type ApiSpan = Record<string, any>;

const SERVER_ENTRY = fileURLToPath(new URL("../../../server/dist/index.js", import.meta.url));

/** Starts the server in-process of the child and prints its URL; stops on SIGTERM. */
const SERVER_SCRIPT = `
const { resolveConfig, startServer } = await import(process.env.FALLOM_TEST_SERVER_ENTRY);
const config = resolveConfig({ port: 0, dataDir: process.env.FALLOM_TEST_DATA_DIR }, process.env);
const server = await startServer(config, { log: () => {} });
process.stdout.write(JSON.stringify({ url: server.url }) + "\\n");
process.on("SIGTERM", () => server.close().finally(() => process.exit(0)));
`;

export interface Node22Harness {
  serverUrl: string;
  apiKey: string;
  mock: MockLlm;
  spans(query?: Record<string, string>): Promise<ApiSpan[]>;
  waitForSpans(query: Record<string, string>, count: number): Promise<ApiSpan[]>;
  close(): Promise<void>;
}

export async function startNode22Harness(): Promise<Node22Harness> {
  const node20 = process.env.FALLOM_TEST_NODE20;
  if (!node20) throw new Error("FALLOM_TEST_NODE20 must name a Node 20 binary (run scripts/test-node22.sh)");
  const apiKey = `flm_${randomBytes(20).toString("hex")}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), "fallom-node22-"));
  const child = spawn(node20, ["--input-type=module", "-e", SERVER_SCRIPT], {
    env: {
      ...process.env,
      FALLOM_BOOTSTRAP_API_KEY: apiKey,
      FALLOM_TEST_SERVER_ENTRY: process.env.FALLOM_TEST_SERVER_ENTRY ?? SERVER_ENTRY,
      FALLOM_TEST_DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const serverUrl = await readServerUrl(child);
  const mock = await startMockLlm({ port: 0 });

  async function spans(query: Record<string, string> = {}): Promise<ApiSpan[]> {
    // `include=content` also returns `attributes` (stream flags, AI SDK version…).
    const params = new URLSearchParams({ ...query, limit: "200", include: "content" });
    const response = await fetch(`${serverUrl}/api/v1/spans?${params}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    if (!response.ok) throw new Error(`GET /api/v1/spans → ${response.status}`);
    return ((await response.json()) as { data: ApiSpan[] }).data;
  }

  return {
    serverUrl,
    apiKey,
    mock,
    spans,
    async waitForSpans(query, count) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const found = await spans(query);
        if (found.length >= count) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          return spans(query);
        }
        if (Date.now() > deadline) throw new Error(`expected ${count} spans, found ${found.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await mock.close();
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function readServerUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    let errors = "";
    child.stderr?.on("data", (data: Buffer) => {
      errors += data.toString();
    });
    child.stdout?.on("data", (data: Buffer) => {
      output += data.toString();
      const line = output.split("\n").find((candidate) => candidate.startsWith("{"));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${errors}`)));
  });
}
