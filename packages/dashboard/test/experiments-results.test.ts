/**
 * End-to-end: the experiment results pages (issue 6 item 3) in Debian's Chromium against the
 * real server: demo traffic through OTLP spans and `POST /sessions`, then the page's numbers
 * against `/api/v1/experiments/...`. Needs `npm run build -w @fallom/server -w @fallom/dashboard` and
 * `apt-get install -y chromium`. Saves screenshots to docs/screenshots/experiments-*.png.
 */
import { mkdir } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiGet,
  type Harness,
  logIn,
  SCREENSHOT_DIR,
  screenshot,
  startHarness,
} from "./support/dashboard-harness.js";
import { type ApiResult, expectedCells, shownCells } from "./support/experiment-cells.js";
import {
  apiPost,
  type ExperimentCall,
  recordAssignment,
  sendCustomMetrics,
  sendOtlpCalls,
} from "./support/seed-experiments.js";

let harness: Harness;
let page: Page;

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

describe("experiment results in a browser", () => {
  it("shows per-variant results equal to the experiments API, with the verdict and the assignment check", async () => {
    const now = Date.now();
    await apiPost(harness.url, harness.apiKey, "/api/v1/configs", {
      key: "chat-exp",
      variants: [
        { model: "gpt-4o", weight: 50 },
        { model: "gpt-4o-mini", weight: 50 },
      ],
    });
    const calls: ExperimentCall[] = [];
    for (let i = 0; i < 24; i++) {
      const sessionId = `exp-session-${i}`;
      const model = i % 2 === 0 ? "gpt-4o" : "gpt-4o-mini";
      await recordAssignment(harness.url, harness.apiKey, {
        configKey: "chat-exp",
        version: 1,
        sessionId,
        model,
      });
      await sendCustomMetrics(harness.url, harness.apiKey, "chat-exp", sessionId, {
        rating: model === "gpt-4o" ? 3 + (i % 3) : 4 + (i % 2),
        resolved: i % 4 !== 0,
      });
      for (let j = 0; j < 3; j++) {
        calls.push({
          sessionId,
          configKey: "chat-exp",
          model,
          start: now - 40 * 60_000 + i * 60_000 + j * 5_000,
          durationMs: 800 + ((i * 53 + j * 31) % 300),
          inputTokens: 900 + ((i * 37 + j * 11) % 200),
          outputTokens: 150 + ((i * 13 + j * 7) % 60),
          ...(j === 0 ? { ttftMs: 200 + ((i * 7) % 60) } : {}),
          ...(i === 0 && j === 2 ? { error: true } : {}),
        });
      }
    }
    await sendOtlpCalls(harness.url, harness.apiKey, calls);

    const api = await apiGet<ApiResult>(harness, "/api/v1/experiments/models/chat-exp");
    expect(api.variants.map((variant) => variant.calls)).toEqual([36, 36]);
    expect(api.verdict).toContain("B is cheaper");

    await page.goto(`${harness.url}/experiments/models/chat-exp`);
    expect(await shownCells(page)).toEqual(expectedCells(api));
    await expect(page.getByTestId("verdict").textContent()).resolves.toBe(api.verdict);
    const observed = await page
      .locator("[data-testid=assignments] [data-field=observed]")
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute("data-value"))));
    expect(observed).toEqual(api.sample_ratio.observed);
    await expect(page.getByTestId("sample-ratio").textContent()).resolves.toBe(api.sample_ratio.message);
    await expect(
      page.locator('[data-metric="calls"] td[data-variant="0"] .metric-value').textContent(),
    ).resolves.toBe("36");
    await screenshot(page, "experiments-model-results");

    await page.goto(`${harness.url}/experiments/models`);
    await page.locator('tr[data-config="chat-exp"] [data-value="24"]').waitFor();
    await screenshot(page, "experiments-models");
  });

  it("creates a prompt A/B test in the UI and shows its results equal to the API", async () => {
    await apiPost(harness.url, harness.apiKey, "/api/v1/prompts", {
      key: "greeting",
      system_prompt: "Greet the user.",
      user_template: "Hello {{name}}",
    });
    await apiPost(harness.url, harness.apiKey, "/api/v1/prompts/greeting/versions", {
      system_prompt: "Greet the user warmly, in one sentence.",
      user_template: "Hello {{name}}",
    });
    await page.goto(`${harness.url}/experiments/prompts`);
    await page.getByRole("button", { name: "New A/B test" }).click();
    const form = page.getByRole("form", { name: "New prompt A/B test" });
    await form.getByLabel("Test key").fill("greeting-test");
    await form.getByLabel("Prompt of variant A").selectOption("greeting");
    await form.getByLabel("Version of variant A").selectOption("1");
    await form.getByLabel("Prompt of variant B").selectOption("greeting");
    await expect(form.getByLabel("Version of variant B").inputValue()).resolves.toBe("");
    await screenshot(page, "experiments-prompt-ab-create");
    await form.getByRole("button", { name: "Create A/B test" }).click();
    await page.waitForURL(/\/experiments\/prompts\/tests\/greeting-test$/);
    const tests = await apiGet<{
      prompt_ab_tests: Array<{ key: string; version: number; variants: unknown[] }>;
    }>(harness, "/prompt-ab-tests");
    expect(tests.prompt_ab_tests.find((test) => test.key === "greeting-test")).toEqual({
      key: "greeting-test",
      version: 1,
      variants: [
        { prompt_key: "greeting", prompt_version: 1, weight: 50 },
        { prompt_key: "greeting", prompt_version: null, weight: 50 },
      ],
    });

    const now = Date.now();
    const calls: ExperimentCall[] = [];
    for (let i = 0; i < 12; i++) {
      const variantIndex = i % 2;
      for (let j = 0; j < 2; j++) {
        calls.push({
          sessionId: `greet-session-${i}`,
          configKey: "greeter",
          model: "gpt-4o-mini",
          start: now - 20 * 60_000 + i * 30_000 + j * 3_000,
          durationMs: 400 + ((i * 41 + j * 17) % 200) + variantIndex * 150,
          inputTokens: 60 + ((i * 5 + j) % 20),
          outputTokens: 20 + variantIndex * 25 + ((i * 3 + j) % 10),
          prompt: {
            key: "greeting",
            version: variantIndex === 0 ? 1 : 2,
            abTestKey: "greeting-test",
            variantIndex,
          },
        });
      }
    }
    await sendOtlpCalls(harness.url, harness.apiKey, calls);
    const api = await apiGet<ApiResult>(harness, "/api/v1/experiments/prompts/greeting-test");
    expect(api.variants.map((variant) => variant.calls)).toEqual([12, 12]);

    await page.reload();
    expect(await shownCells(page)).toEqual(expectedCells(api));
    await expect(page.getByTestId("verdict").textContent()).resolves.toBe(api.verdict);
    expect(api.verdict.length).toBeGreaterThan(0);
    await screenshot(page, "experiments-prompt-ab-results");
  });

  it("warns about a sample ratio mismatch", async () => {
    await apiPost(harness.url, harness.apiKey, "/api/v1/configs", {
      key: "srm-exp",
      variants: [
        { model: "gpt-4o", weight: 50 },
        { model: "gpt-4o-mini", weight: 50 },
      ],
    });
    for (let i = 0; i < 50; i++) {
      await recordAssignment(harness.url, harness.apiKey, {
        configKey: "srm-exp",
        version: 1,
        sessionId: `srm-${i}`,
        model: i < 45 ? "gpt-4o" : "gpt-4o-mini",
      });
    }
    const api = await apiGet<ApiResult>(harness, "/api/v1/experiments/models/srm-exp");
    expect(api.sample_ratio.mismatch).toBe(true);
    await page.goto(`${harness.url}/experiments/models/srm-exp`);
    const warning = page.getByTestId("sample-ratio-warning");
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toContain(api.sample_ratio.message);
    await expect(page.getByTestId("verdict").textContent()).resolves.toBe(api.verdict);
    await screenshot(page, "experiments-sample-ratio");
  });
});
