/**
 * The `fallom` command and dashboard accounts, as a user runs it (compiled `dist/cli.js`; build
 * with `npm run build -w @fallom/server`): the setup link beside the key banner, the admin
 * variables in `--help`, and a refused start for a too-short admin password.
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

const newDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "fallom-cli-dash-"));
  dirs.push(dir);
  return dir;
};

it("prints a setup link with the public URL next to the key banner on first start", async () => {
  const server = await spawnServer({
    dataDir: await newDir(),
    env: { FALLOM_PUBLIC_URL: "https://traces.example.com" },
  });
  try {
    const output = server.output();
    const link =
      /Open https:\/\/traces\.example\.com\/setup\?token=([A-Za-z0-9_-]{43}) to create the first admin account\./.exec(
        output,
      );
    expect(link, output).not.toBeNull();
    expect(output).toMatch(/flm_[A-Za-z0-9]{40}/);
    const state = await fetch(`${server.url}/api/auth/state`);
    expect(await state.json()).toEqual({ needs_setup: true });
  } finally {
    await server.stop();
  }
});

it("lists the admin variables in --help and refuses a too-short FALLOM_ADMIN_PASSWORD", async () => {
  const help = await run(process.execPath, [CLI, "--help"]);
  expect(help.stdout).toContain("FALLOM_ADMIN_EMAIL, FALLOM_ADMIN_PASSWORD");
  const refused = await run(process.execPath, [CLI, "serve", "--port", "0", "--data-dir", await newDir()], {
    env: { ...process.env, FALLOM_ADMIN_EMAIL: "ops@example.com", FALLOM_ADMIN_PASSWORD: "short" },
  }).catch((error: { code: number; stderr: string }) => error);
  expect(refused).toMatchObject({
    code: 2,
    stderr: expect.stringContaining(
      "FALLOM_ADMIN_PASSWORD is not accepted: The password must be at least 10",
    ),
  });
});
