/**
 * Dashboard benchmark (issue 5 "Performance"): in Debian's Chromium, the time from navigation to
 * the first rows rendered, on a generated data set (`bench/generate-spans.mjs`, 1M spans):
 *
 * - traces page, unfiltered (`/observability/traces`);
 * - traces page, filtered by a customer and by a tag (rotating through the data set's values);
 * - analytics page over the data set's 30 days (`/observability/analytics?from=…&to=…`): first
 *   table row (cost per model), and every chart drawn.
 *
 * "Rendered" is taken inside the page: an init script watches the DOM with a MutationObserver and
 * records `performance.now()` (ms since navigation start) when the selector first matches, so
 * the driver's polling adds nothing. The first run of each page is cold (empty HTTP cache, new
 * browser context); the rest reuse the context (cached assets, like a user clicking around).
 * Also prints the first-load bundle size (gzip) of `packages/dashboard/dist`.
 *
 * Usage: npm run build && node bench/generate-spans.mjs --out /tmp/fallom-bench-1m
 *        node bench/dashboard.mjs --data /tmp/fallom-bench-1m [--runs 7]
 *
 * The server is started on the data dir with FALLOM_ADMIN_EMAIL/PASSWORD, which adds one admin
 * user to that database the first time (nothing else is written).
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { REPO_ROOT, startServerProcess } from "./lib/server-process.mjs";
import { fixed, percentile, table } from "./lib/stats.mjs";

const { values: args } = parseArgs({
  options: {
    data: { type: "string" },
    runs: { type: "string", default: "7" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
  },
});
const RUNS = Number(args.runs);
const DIST = path.join(REPO_ROOT, "packages/dashboard/dist");
const ADMIN = { email: "bench@example.test", password: "bench-password-1" };

/** gzip size of what `index.html` loads before any lazy page: entry script, preloads, CSS. */
async function bundleSizes() {
  const html = await readFile(path.join(DIST, "index.html"), "utf8");
  const firstLoad = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const gz = (file) => gzipSync(readFileSync(path.join(DIST, file))).length;
  const entry = firstLoad.find((file) => file.endsWith(".js"));
  // The entry's static imports are chunks too (Vite emits modulepreload links for them).
  const imported = entry
    ? [...readFileSync(path.join(DIST, entry), "utf8").matchAll(/from"\.\/([^"]+\.js)"/g)].map(
        (m) => `/assets/${m[1]}`,
      )
    : [];
  const files = [...new Set([...firstLoad, ...imported])];
  const total = files.reduce((sum, file) => sum + gz(file), 0);
  return { files, gzipBytes: total };
}

/** Adds a watcher that stamps `window.__rendered[selector]` with ms since navigation start. */
function watchScript(selectors) {
  return `(() => {
    const selectors = ${JSON.stringify(selectors)};
    window.__rendered = {};
    const check = () => {
      for (const s of selectors) {
        if (window.__rendered[s] === undefined && document.querySelector(s)) window.__rendered[s] = performance.now();
      }
      if (Object.keys(window.__rendered).length === selectors.length) observer.disconnect();
    };
    const observer = new MutationObserver(check);
    const start = () => observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
    if (document.documentElement) start(); else document.addEventListener("readystatechange", start, { once: true });
  })();`;
}

async function measure(context, url, selectors, timeoutMs = 120_000) {
  const page = await context.newPage();
  await page.addInitScript(watchScript(selectors));
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(
    (count) => Object.keys(window.__rendered ?? {}).length === count,
    selectors.length,
    { timeout: timeoutMs, polling: 50 },
  );
  const stamps = await page.evaluate(() => window.__rendered);
  // When the page's API answers arrived (ms since navigation start), to split server and browser time.
  const network = await page.evaluate(() => {
    const end = (pattern) =>
      Math.max(
        0,
        ...performance
          .getEntriesByType("resource")
          .filter((entry) => new RegExp(pattern).test(entry.name))
          .map((entry) => entry.responseEnd),
      );
    return {
      me: end("/api/auth/me"),
      data: end("/api/v1/(spans|metrics)"),
      script: end("/assets/index-.*\\.js"),
    };
  });
  // Let the page's remaining requests finish, so the next run does not queue behind them.
  await page.waitForLoadState("networkidle", { timeout: timeoutMs });
  await page.close();
  return { stamps: selectors.map((s) => stamps[s]), network };
}

async function logIn(context, baseUrl) {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.close();
}

async function main() {
  if (!args.data) throw new Error("Pass --data <dir> made by `node bench/generate-spans.mjs --out <dir>`.");
  const dataset = JSON.parse(await readFile(path.join(args.data, "bench-dataset.json"), "utf8"));
  const bundle = await bundleSizes();
  console.log(
    `first-load JS+CSS: ${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzip (${bundle.files.join(", ")})`,
  );

  const server = await startServerProcess({
    dataDir: args.data,
    apiKey: dataset.apiKey ?? dataset.key ?? "flm_unused_bench_key_000000000000000000",
    env: { FALLOM_ADMIN_EMAIL: ADMIN.email, FALLOM_ADMIN_PASSWORD: ADMIN.password },
  });
  const browser = await chromium.launch({
    executablePath: args.chromium,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const TRACE_ROW = "[data-testid=spans-table] tbody tr";
  const customers = dataset.customers.slice(0, 20);
  const tags = dataset.tags;
  const from = Date.parse(dataset.from);
  const to = Date.parse(dataset.to);
  const scenarios = [
    { name: "traces, unfiltered", url: () => "/observability/traces", selectors: [TRACE_ROW] },
    {
      name: "traces, customer_id filter",
      url: (i) => `/observability/traces?customer_id=${encodeURIComponent(customers[i % customers.length])}`,
      selectors: [TRACE_ROW],
    },
    {
      name: "traces, tag filter",
      url: (i) => `/observability/traces?tag=${encodeURIComponent(tags[i % tags.length])}`,
      selectors: [TRACE_ROW],
    },
    {
      name: "analytics, 30 days",
      url: () => `/observability/analytics?from=${from}&to=${to}`,
      selectors: [
        "[data-testid=group-model] tbody tr",
        "[data-testid=chart-calls] .chart-table tbody tr",
        "[data-testid=chart-ttft] canvas",
      ],
    },
  ];
  const rows = [];
  try {
    for (const scenario of scenarios) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await logIn(context, server.url);
      const firsts = [];
      const completes = [];
      const scripts = [];
      const mes = [];
      const datas = [];
      for (let i = 0; i < RUNS; i++) {
        const { stamps, network } = await measure(
          context,
          `${server.url}${scenario.url(i)}`,
          scenario.selectors,
        );
        // First rows = the first of the page's data elements on screen (the analytics page renders
        // each chart and table as its own query answers); "all charts" is the last of them.
        firsts.push(Math.min(...stamps));
        completes.push(Math.max(...stamps));
        scripts.push(network.script);
        mes.push(network.me);
        datas.push(network.data);
        process.stdout.write(
          `${scenario.name} #${i + 1}: first rows ${fixed(Math.min(...stamps), 0)} ms, all ${fixed(Math.max(...stamps), 0)} ms (entry script ${fixed(network.script, 0)}, /api/auth/me ${fixed(network.me, 0)}, data ${fixed(network.data, 0)})\n`,
        );
      }
      await context.close();
      const warm = firsts.slice(1);
      rows.push([
        scenario.name,
        fixed(firsts[0], 0),
        fixed(percentile(warm, 0.5), 0),
        fixed(Math.max(...warm), 0),
        scenario.selectors.length > 1 ? fixed(percentile(completes.slice(1), 0.5), 0) : "",
        fixed(percentile(scripts.slice(1), 0.5), 0),
        fixed(percentile(mes.slice(1), 0.5), 0),
        fixed(percentile(datas.slice(1), 0.5), 0),
      ]);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(`\n${RUNS} navigations per page (first cold, the rest warm), ms from navigation start:\n`);
  console.log(
    table(
      [
        "page",
        "cold: first rows",
        "warm p50: first rows",
        "warm max",
        "warm p50: all charts",
        "warm p50: script loaded",
        "warm p50: /api/auth/me answered",
        "warm p50: last data answer",
      ],
      rows,
    ),
  );
}

await main();
