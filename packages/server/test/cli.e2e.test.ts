/**
 * The `fallom` command as a user runs it: help, version, bad flags and settings with messages
 * that say how to fix them, and the first start printing the key once.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { CLI, spawnServer } from "./support/spawn-server.js";

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function fallom(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

it("prints help and version", async () => {
  const help = await fallom(["--help"]);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/fallom serve/);
  for (const flag of ["--port", "--host", "--data-dir", "--database-url"])
    expect(help.stdout).toContain(flag);
  expect((await fallom(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
});

it("rejects bad flags and settings with a message saying what to use", async () => {
  const port = await fallom(["serve", "--port", "http"]);
  expect(port.code).toBe(2);
  expect(port.stderr).toMatch(/--port must be an integer/);
  const url = await fallom(["serve", "--database-url", "mysql://x"]);
  expect(url.code).toBe(2);
  expect(url.stderr).toMatch(/sqlite:.*postgres:\/\//);
  const unknown = await fallom(["launch"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/unknown command/);
});

it("creates the data directory and prints a new key once, on loopback", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "fallom-cli-"));
  dirs.push(root);
  const dataDir = path.join(root, "nested", "data");
  const first = await spawnServer({ dataDir, env: { FALLOM_BOOTSTRAP_API_KEY: "" } });
  const key = /flm_[A-Za-z0-9]{40}/.exec(first.output())?.[0];
  expect(key).toBeDefined();
  expect(first.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
  const ok = await fetch(`${first.url}/api/v1/spans`, { headers: { authorization: `Bearer ${key}` } });
  expect(ok.status).toBe(200);
  await first.stop();
  const second = await spawnServer({ dataDir, env: { FALLOM_BOOTSTRAP_API_KEY: "" } });
  expect(second.output()).not.toMatch(/flm_/);
  await second.stop();
}, 60_000);
