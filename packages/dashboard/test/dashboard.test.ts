/**
 * End-to-end: the built dashboard in Debian's Chromium against the real server (issue 5
 * Acceptance). Needs `npm run build -w @fallom/server -w @fallom/dashboard` and
 * `apt-get install -y chromium`. Saves a screenshot of each page (to docs/screenshots/ with FALLOM_UPDATE_SCREENSHOTS=1).
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
import { liveSpan, seedSpans, sendSpans } from "./support/seed-traces.js";

interface ApiSpan {
  trace_id: string;
  span_id: string;
  session_id: string | null;
  customer_id: string | null;
  tags: string[];
  model: string | null;
  kind: string;
  start_time: string;
}
interface MetricRow {
  group: string | null;
  count: number;
  errors: number;
  cost_usd: number | null;
  unpriced_count: number;
}

let harness: Harness;
let page: Page;

async function rowSpanIds(target: Page): Promise<string[]> {
  await target.locator("[data-testid=spans-table] tbody tr").first().waitFor();
  return target
    .locator("[data-testid=spans-table] tbody tr")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-span-id") ?? ""));
}

beforeAll(async () => {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  harness = await startHarness();
  await sendSpans(harness.url, harness.apiKey, seedSpans());
  const context = await harness.newContext();
  page = await context.newPage();
});

afterAll(async () => {
  await harness?.close();
});

describe("dashboard in a browser", () => {
  it("sends a logged-out browser to the login page", async () => {
    const context = await harness.newContext();
    const anonymous = await context.newPage();
    await anonymous.goto(`${harness.url}/observability/traces?customer_id=acme-corp`);
    await anonymous.waitForURL(/\/login\?next=/);
    await expect(anonymous.getByRole("heading", { name: "Log in" }).isVisible()).resolves.toBe(true);
    expect(new URL(anonymous.url()).searchParams.get("next")).toBe(
      "/observability/traces?customer_id=acme-corp",
    );
    await screenshot(anonymous, "login");
    await context.close();
  });

  it("logs in and lists every stored call newest first", async () => {
    await logIn(page, harness.url, harness.admin.email, harness.admin.password);
    await page.waitForURL(/\/observability\/traces$/);
    const api = await apiGet<{ data: ApiSpan[] }>(harness, "/api/v1/spans?limit=200");
    const ids = await rowSpanIds(page);
    expect(ids).toEqual(api.data.map((span) => span.span_id));
    expect(ids.length).toBe(seedSpans().length);
    await expect(
      page.locator("[data-testid=spans-table]").getByText("unpriced").count(),
    ).resolves.toBeGreaterThan(0);
    await screenshot(page, "traces");
  });

  it("shows calls that arrive while the page is open, without a reload", async () => {
    await page.goto(`${harness.url}/observability/traces`);
    await rowSpanIds(page);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const first = liveSpan("sess-live-1");
    const second = liveSpan("sess-live-2");
    await sendSpans(harness.url, harness.apiKey, [first]);
    await page.locator(`tr[data-span-id="${first.span_id}"]`).waitFor({ timeout: 10_000 });
    await sendSpans(harness.url, harness.apiKey, [second]);
    await page.locator(`tr[data-span-id="${second.span_id}"]`).waitFor({ timeout: 10_000 });
    const ids = await rowSpanIds(page);
    expect(ids.indexOf(String(second.span_id))).toBeLessThan(ids.indexOf(String(first.span_id)));
    expect(new Set(ids).size).toBe(ids.length);
    await expect(
      page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).resolves.toBe(true);
  });

  it("filters by customer and by tag, and the copied URL shows the same rows", async () => {
    await page.goto(`${harness.url}/observability/traces`);
    await rowSpanIds(page);
    await page.getByLabel("Customer", { exact: true }).fill("acme-corp");
    await page.getByLabel("Customer", { exact: true }).press("Enter");
    await page.waitForURL(/customer_id=acme-corp/);
    await page.getByLabel("Tag", { exact: true }).fill("beta");
    await page.getByLabel("Tag", { exact: true }).press("Enter");
    await page.waitForURL(/tag=beta/);
    await page.getByRole("button", { name: "Remove tag filter beta" }).waitFor();

    const expected = await apiGet<{ data: ApiSpan[] }>(
      harness,
      "/api/v1/spans?customer_id=acme-corp&tag=beta",
    );
    expect(expected.data.length).toBe(3);
    await page.waitForFunction(
      (count) => document.querySelectorAll("[data-testid=spans-table] tbody tr").length === count,
      expected.data.length,
    );
    const filtered = await rowSpanIds(page);
    expect(filtered).toEqual(expected.data.map((span) => span.span_id));

    const shared = page.url();
    const other = await page.context().newPage();
    await other.goto(shared);
    await other.waitForFunction(
      (count) => document.querySelectorAll("[data-testid=spans-table] tbody tr").length === count,
      expected.data.length,
    );
    expect(await rowSpanIds(other)).toEqual(filtered);
    await expect(other.getByLabel("Customer", { exact: true }).inputValue()).resolves.toBe("acme-corp");
    await screenshot(other, "traces-filtered");
    await other.close();

    await page.goBack();
    await page.waitForURL(
      (url) => !url.search.includes("tag=beta") && url.search.includes("customer_id=acme-corp"),
    );
    await page.waitForFunction(
      () => document.querySelectorAll("[data-testid=spans-table] tbody tr").length === 3,
    );
  });

  it("searches prompts and completions, and exports the filtered calls", async () => {
    await page.goto(`${harness.url}/observability/traces`);
    await rowSpanIds(page);
    const search = page.getByLabel("Search prompts and completions");
    await search.fill("swatch");
    await search.press("Enter");
    await page.waitForURL(/q=swatch/);
    const expected = await apiGet<{ data: ApiSpan[] }>(harness, "/api/v1/spans?q=swatch");
    expect(expected.data.length).toBeGreaterThan(0);
    await page.waitForFunction(
      (count) => document.querySelectorAll("[data-testid=spans-table] tbody tr").length === count,
      expected.data.length,
    );
    expect(await rowSpanIds(page)).toEqual(expected.data.map((span) => span.span_id));

    const href = await page.getByRole("link", { name: "Export JSONL" }).getAttribute("href");
    expect(href).toContain("q=swatch");
    const lines = await page.evaluate(async (url) => {
      const text = await (await fetch(url ?? "")).text();
      return text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line).span_id as string);
    }, href);
    expect(lines.sort()).toEqual(expected.data.map((span) => span.span_id).sort());
  });

  it("switches to dark mode and keeps it after a reload", async () => {
    await page.goto(`${harness.url}/observability/traces`);
    await rowSpanIds(page);
    await page.getByRole("button", { name: "Switch to dark mode" }).click();
    await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe("dark");
    await page.reload();
    await rowSpanIds(page);
    await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe("dark");
    await screenshot(page, "traces-dark");
    await page.getByRole("button", { name: "Switch to light mode" }).click();
    await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe("light");
  });

  it("opens a call with an image (served 200 from the media store) and one with a tool call", async () => {
    const alpha = await apiGet<{ data: ApiSpan[] }>(harness, "/api/v1/spans?session_id=sess-alpha");
    const [toolAnswer, , imageCall] = alpha.data; // newest first
    if (!imageCall || !toolAnswer) throw new Error("seed data missing");
    const media = page.waitForResponse((response) => response.url().includes("/media/"));
    await page.goto(`${harness.url}/observability/traces/${imageCall.trace_id}?span=${imageCall.span_id}`);
    expect((await media).status()).toBe(200);
    const image = page.locator(".message img").first();
    await image.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>(".message img");
      return img?.complete && img.naturalWidth > 0;
    });
    await expect(image.evaluate((img: HTMLImageElement) => img.naturalWidth)).resolves.toBe(2);
    await expect(page.getByTestId("price-source").textContent()).resolves.toBe("Price table");
    await screenshot(page, "call-image");

    await page.goto(`${harness.url}/observability/traces/${toolAnswer.trace_id}?span=${toolAnswer.span_id}`);
    const call = page.getByTestId("tool-call").first();
    await call.waitFor();
    await expect(call.textContent()).resolves.toContain("get_weather");
    await expect(page.getByTestId("tool-result").first().textContent()).resolves.toContain("sunny");
    await page.getByRole("button", { name: "Show raw attributes" }).click();
    await expect(page.getByLabel("Raw attributes").textContent()).resolves.toContain("fallom.method");
    await screenshot(page, "call-tool");
  });

  it("draws a waterfall for a trace with several spans", async () => {
    const beta = await apiGet<{ data: ApiSpan[] }>(harness, "/api/v1/spans?session_id=sess-beta");
    const traceId = beta.data[0]?.trace_id;
    await page.goto(`${harness.url}/observability/traces/${traceId}`);
    const rows = page.locator(".waterfall-row");
    await rows.first().waitFor();
    await expect(rows.count()).resolves.toBe(3);
    await expect(rows.first().textContent()).resolves.toContain("agent.support.generate");
    await rows.nth(2).click();
    await page.waitForURL(/span=/);
    await expect(page.locator("#span-title").textContent()).resolves.toContain("claude-sonnet-4-20250514");
    await screenshot(page, "trace-waterfall");
  });

  it("replays a session call by call", async () => {
    // One call per page, so the replay shows all three only by following next_cursor.
    const detailRequests: string[] = [];
    await page.route(/\/api\/v1\/sessions\/sess-alpha\?/, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set("limit", "1");
      detailRequests.push(url.search);
      return route.continue({ url: url.toString() });
    });
    await page.goto(`${harness.url}/observability/sessions`);
    await page.getByRole("link", { name: "sess-alpha" }).waitFor();
    await screenshot(page, "sessions");
    await page.getByRole("link", { name: "sess-alpha" }).click();
    await page.waitForURL(/\/observability\/sessions\/sess-alpha$/);
    const calls = page.getByTestId("replay-call");
    await calls.first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=replay-call]").length >= 3);
    await expect(calls.count()).resolves.toBe(3);
    const texts = await calls.allTextContents();
    expect(texts[0]).toContain("Red and blue.");
    expect(texts[1]).toContain("get_weather");
    expect(texts[2]).toContain("21 °C");
    expect(detailRequests).toHaveLength(3);
    expect(detailRequests.filter((search) => search.includes("cursor="))).toHaveLength(2);
    await page.unroute(/\/api\/v1\/sessions\/sess-alpha\?/);
    // The second call's prompt repeats the first call; the replay shows only what is new.
    expect(texts[1]).not.toContain("Which colours are in this swatch?");
    await screenshot(page, "session");
  });

  it("lists customers sorted by cost and shows a customer's page", async () => {
    await page.goto(`${harness.url}/observability/customers?sort=calls`);
    const rows = page.locator("[data-testid=customers-table] tbody tr");
    await rows.first().waitFor();
    const api = await apiGet<{ data: Array<{ customer_id: string }> }>(
      harness,
      "/api/v1/customers?sort=calls",
    );
    await page.waitForFunction(
      (count) => document.querySelectorAll("[data-testid=customers-table] tbody tr").length === count,
      api.data.length,
    );
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-customer")));
    expect(shown).toEqual(api.data.map((row) => row.customer_id));
    await screenshot(page, "customers");
    await page.getByRole("link", { name: "acme-corp" }).click();
    await page.getByTestId("chart-customer-calls").waitFor();
    await page.getByTestId("sessions-table").waitFor();
    await screenshot(page, "customer");
  });

  it("shows analytics whose table numbers equal /api/v1/metrics", async () => {
    await page.goto(`${harness.url}/observability/analytics?range=24h`);
    await page.locator("[data-testid=group-model] tbody tr").first().waitFor();
    await page.locator("[data-testid=chart-calls] canvas").first().waitFor();
    const from = Date.now() - 86_400_000;
    const byModel = await apiGet<{ data: MetricRow[] }>(
      harness,
      `/api/v1/metrics?group_by=model&from=${from}`,
    );
    const shown = await page.locator("[data-testid=group-model] tbody tr").evaluateAll((trs) =>
      trs.map((tr) => ({
        group: tr.getAttribute("data-group"),
        count: Number(tr.querySelector("[data-field=count]")?.textContent?.replace(/,/g, "")),
        errors: Number(tr.querySelector("[data-field=errors]")?.textContent?.replace(/,/g, "")),
        cost: tr.querySelector("[data-field=cost]")?.getAttribute("data-value"),
      })),
    );
    expect(shown).toEqual(
      byModel.data.map((row) => ({
        group: row.group ?? "",
        count: row.count,
        errors: row.errors,
        cost: row.cost_usd === null ? "" : String(row.cost_usd),
      })),
    );
    const hourly = await apiGet<{ data: MetricRow[] }>(harness, `/api/v1/metrics?group_by=hour&from=${from}`);
    const chartRows = await page
      .locator("[data-testid=chart-calls] .chart-table tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => ({
          bucket: tr.getAttribute("data-bucket"),
          calls: Number(tr.querySelector("td")?.getAttribute("data-value")),
        })),
      );
    expect(chartRows.sort((a, b) => String(a.bucket).localeCompare(String(b.bucket)))).toEqual(
      hourly.data.map((row) => ({ bucket: row.group, calls: row.count })),
    );
    await expect(page.getByTestId("unpriced-callout").textContent()).resolves.toContain("acme-llm-1");
    await screenshot(page, "analytics");
  });

  it("creates an API key, revokes it, and the revoked key gets 401 on ingest", async () => {
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(`${harness.url}/settings/api-keys`);
    await page.getByLabel("Key name").fill("ci-key");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = page.locator("[data-testid=new-key] code");
    await secret.waitFor();
    const key = (await secret.textContent()) ?? "";
    expect(key).toMatch(/^flm_/);
    const ingest = () =>
      fetch(`${harness.url}/v1/traces`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(liveSpan("sess-key-check")),
      });
    expect((await ingest()).status).toBe(200);
    await screenshot(page, "settings-api-keys");
    const row = page.locator("[data-testid=keys-table] tr", { hasText: "ci-key" });
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.getByText("revoked").waitFor();
    expect((await ingest()).status).toBe(401);
  });

  it("lets an admin add a viewer, who cannot create keys (no button, and 403 from the API)", async () => {
    await page.goto(`${harness.url}/settings/users`);
    const form = page.locator("form", { hasText: "Add a user" });
    await form.getByLabel("Email").fill("viewer@example.test");
    await form.getByLabel("Initial password").fill("viewer-password-1");
    await form.getByLabel("Role").selectOption("viewer");
    await form.getByRole("button", { name: "Create user" }).click();
    await page.locator('[data-testid=users-table] tr[data-user="viewer@example.test"]').waitFor();
    await screenshot(page, "settings-users");

    const context = await harness.newContext();
    const viewer = await context.newPage();
    await logIn(viewer, harness.url, "viewer@example.test", "viewer-password-1");
    await viewer.goto(`${harness.url}/settings/api-keys`);
    await viewer.getByText("Only project admins can see, create and revoke API keys.").waitFor();
    await expect(viewer.getByRole("button", { name: "Create key" }).count()).resolves.toBe(0);
    const status = await viewer.evaluate(async () => {
      const me = await (await fetch("/api/auth/me")).json();
      const response = await fetch("/api/v1/keys", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": me.csrf_token },
        body: JSON.stringify({ name: "sneaky" }),
      });
      return response.status;
    });
    expect(status).toBe(403);
    await context.close();
  });

  it("renders the settings pages and a new project's getting-started state", async () => {
    for (const tab of ["general", "prices", "privacy", "export"]) {
      await page.goto(`${harness.url}/settings/${tab}`);
      await page.locator(".tab-panel .card").first().waitFor();
      await screenshot(page, `settings-${tab}`);
    }
    await expect(
      page
        .goto(`${harness.url}/settings/prices`)
        .then(() => page.getByTestId("unpriced-models").textContent()),
    ).resolves.toContain("acme-llm-1");

    await page.goto(`${harness.url}/settings/general`);
    await page.getByLabel("Name", { exact: true }).fill("Empty project");
    await page.getByRole("button", { name: "Create project" }).click();
    await page
      .getByLabel("Project", { exact: true })
      .locator("option", { hasText: "Empty project" })
      .waitFor({ state: "attached" });
    await page.goto(`${harness.url}/observability/traces`);
    await page.getByRole("heading", { name: "Send your first trace" }).waitFor();
    await expect(page.locator(".getting-started").textContent()).resolves.toContain(
      `FALLOM_BASE_URL=${harness.url}`,
    );
    await screenshot(page, "getting-started");
  });
});
