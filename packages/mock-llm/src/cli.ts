#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startMockLlm } from "./start-mock-llm.js";

const USAGE = `Usage: mock-llm [--port <n>] [--host <address>]

Deterministic OpenAI / Anthropic / Google compatible LLM server for tests and demos.
Prints its URL on the first line of stdout, then serves until SIGINT / SIGTERM.

  --port <n>        port to listen on (default 0: a free port)
  --host <address>  interface to listen on (default 127.0.0.1)

Clients: OpenAI baseURL <url>/v1 · Anthropic baseURL <url> · @google/genai httpOptions.baseUrl <url>
         · @google/generative-ai requestOptions.baseUrl <url>`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", short: "p" },
      host: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`mock-llm: --port must be an integer between 0 and 65535, got "${values.port}"\n`);
    process.exitCode = 2;
    return;
  }
  const mock = await startMockLlm({ port, ...(values.host === undefined ? {} : { host: values.host }) });
  process.stdout.write(`${mock.url}\n`);
  const stop = () => {
    void mock.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`mock-llm: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
