/**
 * Starts what the browser tests need: the compiled server (serving `packages/dashboard/dist`)
 * on a fresh data dir with a bootstrap key and a first admin, and Debian's Chromium through
 * playwright-core.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type SpawnedServer, spawnServer } from "../../../server/test/support/spawn-server.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
/**
 * Where the tests save page screenshots: docs/screenshots/ when FALLOM_UPDATE_SCREENSHOTS=1 (to
 * refresh the committed ones), else a temp folder, so an ordinary test run leaves the tree clean.
 */
export const SCREENSHOT_DIR =
  process.env.FALLOM_UPDATE_SCREENSHOTS === "1"
    ? path.join(REPO_ROOT, "docs/screenshots")
    : path.join(tmpdir(), "fallom-dashboard-screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
];
export const VIEWPORT = { width: 1280, height: 800 };

export interface Harness {
  url: string;
  apiKey: string;
  admin: { email: string; password: string };
  server: SpawnedServer;
  browser: Browser;
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "fallom-dashboard-"));
  const apiKey = `flm_${randomBytes(20).toString("hex")}`;
  const admin = { email: "admin@example.test", password: `pw-${randomBytes(8).toString("hex")}` };
  const server = await spawnServer({
    dataDir,
    env: {
      FALLOM_BOOTSTRAP_API_KEY: apiKey,
      FALLOM_ADMIN_EMAIL: admin.email,
      FALLOM_ADMIN_PASSWORD: admin.password,
    },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    url: server.url,
    apiKey,
    admin,
    server,
    browser,
    newContext: () => browser.newContext({ viewport: VIEWPORT, colorScheme: "light" }),
    async close() {
      await browser.close();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login page and waits for the traces page. */
export async function logIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** A bearer-key call to the API (the test's own view of the data, independent of the SPA). */
export async function apiGet<T>(harness: Harness, pathAndQuery: string): Promise<T> {
  const response = await fetch(`${harness.url}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${harness.apiKey}` },
  });
  if (!response.ok) throw new Error(`${pathAndQuery} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Saves a 1280×800 screenshot of the page as <SCREENSHOT_DIR>/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}
