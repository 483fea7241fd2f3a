#!/usr/bin/env node
/**
 * `fallom serve [--port N] [--host H] [--data-dir DIR] [--database-url URL]`
 */
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { ConfigError, resolveConfig } from "./config.js";
import { startServer } from "./server.js";

const require = createRequire(import.meta.url);
const { version } = require("../package.json") as { version: string };

const USAGE = `Usage: fallom serve [options]

Runs the Fallom trace server: collector (/v1/traces), API (/api/v1) and dashboard on one port.

Options:
  --port <n>            port to listen on (env PORT, default 4318)
  --host <address>      interface to bind (env HOST, default 127.0.0.1; 0.0.0.0 for all)
  --data-dir <dir>      SQLite file, media and journal (env FALLOM_DATA_DIR, default ./data)
  --database-url <url>  sqlite:<path> or postgres://… (env DATABASE_URL)
  -h, --help            show this help
  -v, --version         print the version

Dashboard (environment):
  FALLOM_ADMIN_EMAIL, FALLOM_ADMIN_PASSWORD
                        create the first admin at start (password: at least 10 characters);
                        without them the server prints a one-time /setup link instead
  FALLOM_DASHBOARD_DIR  the dashboard build to serve (default packages/dashboard/dist)

Prices (environment):
  FALLOM_PRICE_REFRESH  how often to download the price data @pydantic/genai-prices publishes:
                        an interval from 10m to 24d such as 24h (default) or 6h, or off to keep
                        the bundled data; a failed download keeps the data in use
`;

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`fallom: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  if (positionals[0] !== "serve" || positionals.length > 1) {
    process.stderr.write(`fallom: unknown command "${positionals.join(" ")}"\n\n${USAGE}`);
    return 2;
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`fallom: --port must be an integer between 0 and 65535, got "${values.port}"\n`);
      return 2;
    }
  }
  try {
    const config = resolveConfig({
      port,
      host: values.host,
      dataDir: values["data-dir"],
      databaseUrl: values["database-url"],
    });
    const server = await startServer(config, { log: (line) => process.stdout.write(`${line}\n`) });
    const stop = (signal: string) => {
      process.stdout.write(`\n${signal} received: finishing queued writes and stopping…\n`);
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
    return -1;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`fallom: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`fallom: could not start: ${(error as Error).message}\n`);
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      "database-url": { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exitCode = code;
});
