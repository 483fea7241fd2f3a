/**
 * End-to-end (issue 6 acceptance): a model config created in the dashboard, real demo traffic
 * through it (`scripts/demo.mjs`, whose support bot picks its model with `session.getModel`), and
 * the experiment page's per-variant numbers read against `GET /api/v1/experiments/models/...`.
 * Needs `npm run build -w @fallom/trace -w @fallom/server -w @fallom/dashboard` and
 * `apt-get install -y chromium`.
 */
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiGet,
  type Harness,
  logIn,
  REPO_ROOT,
  SCREENSHOT_DIR,
  screenshot,
  startHarness,
} from "./support/dashboard-harness.js";
import { type ApiResult, expectedCells, shownCells } from "./support/experiment-cells.js";

const DEMO = path.join(REPO_ROOT, "scripts/demo.mjs");

let harness: Harness;
let page: Page;

/** Runs the demo to its end; resolves with its exit code and everything it printed. */
function runDemo(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout.on("data", (data) => {
      output += data;
    });
    child.stderr.on("data", (data) => {
      output += data;
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  harness = await startHarness();
  const context = await harness.newContext();
  page = await context.newPage();
  // Fail on the step that waits, with its locator, well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  await logIn(page, harness.url, harness.admin.email, harness.admin.password);
});

afterAll(async () => {
  await harness?.close();
});

describe("model experiment with demo traffic", () => {
  it("creates a config in the UI, runs the demo through it, and shows per-variant numbers equal to the API", async () => {
    await page.goto(`${harness.url}/experiments/models`);
    await page.getByRole("button", { name: "New config" }).click();
    const form = page.getByRole("form", { name: "New config" });
    await form.getByLabel("Config key").fill("support-bot");
    await form.getByLabel("Model of variant A").fill("gpt-4o");
    await form.getByLabel("Model of variant B").fill("gpt-4o-mini");
    await form.getByLabel("Weight of variant A (%)").fill("50");
    await form.getByLabel("Weight of variant B (%)").fill("50");
    await form.getByRole("button", { name: "Create config" }).click();
    await page.waitForURL(/\/experiments\/models\/support-bot\?tab=configuration$/);

    const { code, output } = await runDemo(
      ["--calls", "60", "--interval-ms", "0", "--seed", "7", "--base-url", harness.url],
      { FALLOM_API_KEY: harness.apiKey },
    );
    expect(code, output).toBe(0);
    expect(output).toContain("demo: done, 60 calls");
    // The config existed, so no lookup fell back.
    expect(output).not.toContain('models.get("support-bot")');

    // The server may still be writing the last batch: read until two answers in a row agree.
    const read = () => apiGet<ApiResult>(harness, "/api/v1/experiments/models/support-bot");
    let api = await read();
    for (let previous = ""; JSON.stringify(api) !== previous; ) {
      previous = JSON.stringify(api);
      await new Promise((resolve) => setTimeout(resolve, 500));
      api = await read();
    }
    expect(api.variants.map((variant) => variant.variant_index)).toEqual([0, 1]);
    for (const variant of api.variants) {
      expect(variant.sessions).toBeGreaterThan(0);
      expect(variant.calls).toBeGreaterThan(0);
    }

    await page.goto(`${harness.url}/experiments/models/support-bot`);
    const cells = await shownCells(page);
    expect(cells).toEqual(expectedCells(api));
    await expect(page.getByTestId("verdict").textContent()).resolves.toBe(api.verdict);
    const observed = await page
      .locator("[data-testid=assignments] [data-field=observed]")
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute("data-value"))));
    expect(observed).toEqual(api.sample_ratio.observed);
    await screenshot(page, "experiments-demo-results");
  }, 120_000);
});
