/**
 * End-to-end: the experiments editors (issue 6 item 4) in Debian's Chromium against the real
 * server: model configs with weights and targeting, prompts with versions and diff, roll back,
 * and what a viewer may do. Needs `npm run build -w @fallom/server -w @fallom/dashboard` and
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
import { apiPost } from "./support/seed-experiments.js";

interface WireConfig {
  key: string;
  version: number;
  variants: Array<{ model: string; weight: number }>;
  targeting: unknown;
}

let harness: Harness;
let page: Page;

async function configByKey(key: string): Promise<WireConfig | undefined> {
  const body = await apiGet<{ configs: WireConfig[] }>(harness, "/configs");
  return body.configs.find((config) => config.key === key);
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

describe("experiments editors in a browser", () => {
  it("creates a model config with weights and targeting, saves a new version, and rolls back in one click", async () => {
    await page.goto(`${harness.url}/experiments/models`);
    await page.getByText("No model configs yet").waitFor();
    await expect(page.locator(".snippets").textContent()).resolves.toContain("session.getModel(");
    await expect(page.locator(".snippets").textContent()).resolves.toContain("get_model_sync(");
    await screenshot(page, "experiments-models-empty");

    await page.getByRole("button", { name: "New config" }).click();
    const form = page.getByRole("form", { name: "New config" });
    await form.getByLabel("Config key").fill("bad key!");
    await form.getByLabel("Model of variant A").fill("gpt-4o");
    await form.getByLabel("Model of variant B").fill("claude-sonnet-4-20250514");
    await form.getByLabel("Weight of variant A (%)").fill("70");
    await form.getByLabel("Weight of variant B (%)").fill("20");
    await expect(form.getByTestId("weight-sum").textContent()).resolves.toBe(
      "Total 90 % · 10 % left to assign",
    );
    await form.getByRole("button", { name: "Create config" }).click();
    await expect(form.getByTestId("weight-problem").textContent()).resolves.toBe(
      "Weights add up to 90 %: 10 % still to assign.",
    );
    await form.getByLabel("Weight of variant B (%)").fill("30");
    await expect(form.getByTestId("weight-sum").textContent()).resolves.toBe("Total 100 %");

    await form.getByRole("button", { name: "Add individual target" }).click();
    const target = form.getByTestId("individual-target");
    await expect(target.getByLabel("Field", { exact: true }).inputValue()).resolves.toBe("customerId");
    await target.getByLabel("Value", { exact: true }).fill("user-42");
    await target.getByLabel("Variant", { exact: true }).selectOption("0");
    await form.getByRole("button", { name: "Add rule" }).click();
    const rule = form.getByTestId("targeting-rule");
    await rule.getByLabel("Field", { exact: true }).fill("plan");
    await rule.getByLabel("Operator").selectOption("in");
    await rule.getByLabel("Values (comma-separated)").fill("pro, team");
    await expect(rule.getByLabel("Variant", { exact: true }).inputValue()).resolves.toBe("1");

    // The server's message lands next to the field it names.
    await form.getByRole("button", { name: "Create config" }).click();
    await expect(form.getByTestId("key-error").textContent()).resolves.toContain("must be 1–100 characters");
    await form.getByLabel("Config key").fill("summarizer");
    await screenshot(page, "experiments-model-create");
    await form.getByRole("button", { name: "Create config" }).click();
    await page.waitForURL(/\/experiments\/models\/summarizer\?tab=configuration$/);

    const created = await configByKey("summarizer");
    expect(created).toEqual({
      key: "summarizer",
      version: 1,
      variants: [
        { model: "gpt-4o", weight: 70 },
        { model: "claude-sonnet-4-20250514", weight: 30 },
      ],
      targeting: {
        enabled: true,
        individualTargets: [{ field: "customerId", value: "user-42", variantIndex: 0 }],
        rules: [{ conditions: [{ field: "plan", operator: "in", value: ["pro", "team"] }], variantIndex: 1 }],
      },
    });

    const editor = page.getByRole("form", { name: "Edit config" });
    await editor.getByLabel("Weight of variant A (slider)").fill("50");
    await expect(editor.getByLabel("Weight of variant A (%)").inputValue()).resolves.toBe("50");
    await editor.getByLabel("Weight of variant B (%)").fill("50");
    await editor.getByLabel("Note (what changed, optional)").fill("even split");
    await screenshot(page, "experiments-model-editor");
    await editor.getByRole("button", { name: "Save as version 2" }).click();
    await page.getByRole("status").filter({ hasText: "Saved version 2" }).waitFor();
    const edited = await configByKey("summarizer");
    expect(edited?.version).toBe(2);
    expect(edited?.variants.map((variant) => variant.weight)).toEqual([50, 50]);
    expect(edited?.targeting).toEqual(created?.targeting);

    await page.getByRole("link", { name: "Versions" }).click();
    await page.waitForURL(/tab=versions/);
    await page.locator('tr[data-version="2"][data-current="true"]').waitFor();
    await page.getByRole("button", { name: "Make version 1 current" }).click();
    await page.locator('tr[data-version="1"][data-current="true"]').waitFor();
    await expect(page.getByTestId("current-version").textContent()).resolves.toBe("v1 current");
    const rolledBack = await configByKey("summarizer");
    expect(rolledBack?.version).toBe(1);
    expect(rolledBack?.variants.map((variant) => variant.weight)).toEqual([70, 30]);
    await screenshot(page, "experiments-model-versions");
  });

  it("creates a prompt, publishes version 2, shows the diff, and makes version 1 current", async () => {
    await page.goto(`${harness.url}/experiments/prompts`);
    await page.getByText("No prompts yet").waitFor();
    await expect(page.locator(".snippets").first().textContent()).resolves.toContain("prompts.get(");
    await screenshot(page, "experiments-prompts-empty");
    await page.getByRole("button", { name: "New prompt" }).click();
    const form = page.getByRole("form", { name: "New prompt" });
    await form.getByLabel("Prompt key").fill("onboarding");
    await form.getByLabel("System prompt").fill("You are {{ role }}.\nBe brief.");
    await form.getByLabel("User template").fill("Hi {{name}}, welcome to {{ product }}.");
    await expect(form.getByTestId("system_prompt-variables").textContent()).resolves.toBe("Variables:role");
    await expect(form.getByTestId("user_template-variables").textContent()).resolves.toBe(
      "Variables:nameproduct",
    );
    await form.getByRole("button", { name: "Create prompt" }).click();
    await page.waitForURL(/\/experiments\/prompts\/onboarding$/);

    const editor = page.getByRole("form", { name: "Edit prompt" });
    await editor
      .getByLabel("System prompt")
      .fill("You are {{ role }}.\nBe warm and brief.\nSign as {{ user.name }}.");
    await editor.getByRole("button", { name: "Publish version 2" }).click();
    await expect(editor.getByTestId("system_prompt-error").textContent()).resolves.toContain(
      '"{{ user.name }}" is not a placeholder',
    );
    await editor
      .getByLabel("System prompt")
      .fill("You are {{ role }}.\nBe warm and brief.\nSign as {{ agent }}.");
    await screenshot(page, "experiments-prompt-editor");
    await editor.getByRole("button", { name: "Publish version 2" }).click();
    await page.getByRole("status").filter({ hasText: "Published version 2" }).waitFor();

    await page.getByRole("link", { name: "Versions and diff" }).click();
    const diff = page.getByTestId("prompt-diff");
    await diff.locator("tr[data-diff]").first().waitFor();
    const system = diff.getByRole("figure", { name: "System prompt" });
    await expect(system.locator("tr[data-diff=removed] .diff-text").allTextContents()).resolves.toEqual([
      "removed: Be brief.",
    ]);
    await expect(system.locator("tr[data-diff=added] .diff-text").allTextContents()).resolves.toEqual([
      "added: Be warm and brief.",
      "added: Sign as {{ agent }}.",
    ]);
    await expect(system.locator("tr[data-diff=same] .diff-text").allTextContents()).resolves.toEqual([
      "You are {{ role }}.",
    ]);
    await expect(
      diff.getByRole("figure", { name: "User template" }).locator("tr[data-diff=same]").count(),
    ).resolves.toBe(1);
    await screenshot(page, "experiments-prompt-diff");

    await page.getByRole("button", { name: "Make version 1 current" }).click();
    await page.locator('tr[data-version="1"][data-current="true"]').waitFor();
    const listed = await apiGet<{ prompts: Array<{ key: string; version: number; system_prompt: string }> }>(
      harness,
      "/prompts",
    );
    const onboarding = listed.prompts.filter((prompt) => prompt.key === "onboarding");
    expect(onboarding.map((prompt) => prompt.version)).toEqual([2, 1]);
    expect(onboarding.at(-1)?.system_prompt).toBe("You are {{ role }}.\nBe brief.");
  });

  it("shows a viewer no edit controls, and the API answers the viewer's edits with 403", async () => {
    const created = await page.evaluate(async () => {
      const me = await (await fetch("/api/auth/me")).json();
      const response = await fetch("/api/v1/users", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": me.csrf_token },
        body: JSON.stringify({
          email: "exp-viewer@example.test",
          password: "viewer-password-1",
          role: "viewer",
        }),
      });
      return response.status;
    });
    expect(created).toBe(201);
    await apiPost(harness.url, harness.apiKey, "/api/v1/prompt-ab-tests", {
      key: "onboarding-test",
      variants: [
        { prompt_key: "onboarding", prompt_version: 1, weight: 50 },
        { prompt_key: "onboarding", prompt_version: null, weight: 50 },
      ],
    });
    const context = await harness.newContext();
    const viewer = await context.newPage();
    viewer.setDefaultTimeout(10_000);
    await logIn(viewer, harness.url, "exp-viewer@example.test", "viewer-password-1");

    await viewer.goto(`${harness.url}/experiments/models`);
    await viewer.getByRole("link", { name: "summarizer" }).waitFor();
    await expect(viewer.getByRole("button", { name: "New config" }).count()).resolves.toBe(0);

    await viewer.goto(`${harness.url}/experiments/models/summarizer?tab=configuration`);
    await viewer.getByTestId("config-summary").waitFor();
    await expect(viewer.getByRole("form").count()).resolves.toBe(0);
    await expect(viewer.getByRole("button", { name: /Save as version/ }).count()).resolves.toBe(0);
    await screenshot(viewer, "experiments-viewer");

    await viewer.goto(`${harness.url}/experiments/models/summarizer?tab=versions`);
    await viewer.locator('tr[data-version="2"]').waitFor();
    await expect(viewer.getByRole("button", { name: /Make version/ }).count()).resolves.toBe(0);

    await viewer.goto(`${harness.url}/experiments/prompts`);
    await viewer.getByRole("link", { name: "onboarding", exact: true }).waitFor();
    await viewer.getByRole("link", { name: "onboarding-test" }).waitFor();
    await expect(viewer.getByRole("button", { name: /New prompt|New A\/B test/ }).count()).resolves.toBe(0);

    await viewer.goto(`${harness.url}/experiments/prompts/onboarding`);
    await viewer.getByTestId("prompt-text").waitFor();
    await expect(viewer.getByRole("button", { name: /Publish/ }).count()).resolves.toBe(0);

    await viewer.goto(`${harness.url}/experiments/prompts/tests/onboarding-test?tab=configuration`);
    await viewer.getByTestId("ab-summary").waitFor();
    await expect(viewer.getByRole("form").count()).resolves.toBe(0);

    const statuses = await viewer.evaluate(async () => {
      const me = await (await fetch("/api/auth/me")).json();
      const send = (path: string, body: unknown) =>
        fetch(path, {
          method: "POST",
          headers: { "content-type": "application/json", "x-csrf-token": me.csrf_token },
          body: JSON.stringify(body),
        }).then((response) => response.status);
      return [
        await send("/api/v1/configs/summarizer/versions", { variants: [{ model: "gpt-4o", weight: 100 }] }),
        await send("/api/v1/configs/summarizer/current", { version: 2 }),
        await send("/api/v1/prompts", { key: "sneaky", system_prompt: "x" }),
        await send("/api/v1/prompts/onboarding/current", { version: 2 }),
      ];
    });
    expect(statuses).toEqual([403, 403, 403, 403]);
    await context.close();
  });
});
