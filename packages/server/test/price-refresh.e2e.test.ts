/**
 * The price data refresh (SPEC §4.3 step 2) in the real server: the download is stubbed where the
 * server meets the network, while `@pydantic/genai-prices`' own `updatePrices` hook loads the data.
 * A failed download keeps the bundled prices and says why in settings; a successful one prices new
 * calls with the downloaded data and prices the calls that were unpriced.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findProvider, type Provider, REMOTE_DATA_JSON_URL } from "@pydantic/genai-prices";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../src/config.js";
import type { PriceDataFetcher } from "../src/domain/price-data-update.js";
import { type RunningServer, startServer } from "../src/server.js";
import { newApiKey } from "./support/test-server.js";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

let server: RunningServer;
let dataDir: string;
const apiKey = newApiKey();
const lines: string[] = [];
const downloads: string[] = [];
let download: PriceDataFetcher = async () => {
  throw new Error("no download expected yet");
};

async function request(method: string, pathName: string, body?: unknown): Promise<any> {
  const response = await fetch(`${server.url}${pathName}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${pathName} → ${response.status} ${await response.text()}`);
  return response.json();
}

/** Ingests one chat completion and returns its span id. */
async function ingest(model: string, input: number, cacheRead: number, output: number): Promise<string> {
  const spanId = hex(8);
  const start = Date.now() - 60_000;
  await request("POST", "/v1/traces", {
    config_key: "price-refresh",
    session_id: "s1",
    trace_id: hex(16),
    span_id: spanId,
    name: "chat.completions.create",
    kind: "llm",
    model,
    start_time: new Date(start).toISOString(),
    end_time: new Date(start + 500).toISOString(),
    status: "OK",
    attributes: {
      "fallom.method": "chat.completions.create",
      "gen_ai.system": "openai",
      "fallom.raw.usage": JSON.stringify({
        prompt_tokens: input,
        completion_tokens: output,
        prompt_tokens_details: { cached_tokens: cacheRead },
      }),
    },
  });
  return spanId;
}

const span = (spanId: string) => request("GET", `/api/v1/spans/${spanId}`);

/**
 * Published data as a later release might have it: OpenAI's gpt-4o at new prices, and a model the
 * bundled data lacks. Everything else is the bundled OpenAI entry as it is.
 */
function downloadedData(): Provider[] {
  const openai = findProvider({ providerId: "openai" });
  if (!openai) throw new Error("the bundled data has no openai provider");
  const models = openai.models.map((model) =>
    model.id === "gpt-4o"
      ? { ...model, prices: { input_mtok: 5, cache_read_mtok: 2.5, output_mtok: 20 } }
      : model,
  );
  models.push({
    id: "acme-chat-1",
    match: { equals: "acme-chat-1" },
    prices: { input_mtok: 2, output_mtok: 8 },
  });
  return [{ ...openai, models }];
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "fallom-price-refresh-"));
  // "off": no timer races the test; it starts each refresh itself, as the schedule would.
  const config = resolveConfig(
    { port: 0, dataDir },
    { FALLOM_BOOTSTRAP_API_KEY: apiKey, FALLOM_PRICE_REFRESH: "off" },
  );
  server = await startServer(config, {
    log: (line) => lines.push(line),
    fetchPriceData: (url, signal) => {
      downloads.push(url);
      return download(url, signal);
    },
  });
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("price data refresh", () => {
  it("shows the bundled data in settings before any refresh", async () => {
    const settings = await request("GET", "/api/v1/settings");
    expect(settings).toEqual({
      name: "default",
      store_content: true,
      retention_days: null,
      price_data: {
        source: "bundled",
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        updated_at: null,
        last_refresh_attempt_at: null,
        last_refresh_error: null,
      },
    });
  });

  it("keeps the bundled prices when the download fails, and reports the failure in settings", async () => {
    download = async () => {
      throw Object.assign(new Error("fetch failed"), {
        cause: Object.assign(new Error("getaddrinfo ENOTFOUND raw.githubusercontent.com"), {
          code: "ENOTFOUND",
        }),
      });
    };
    const logged = lines.length;
    await server.refreshPrices();
    expect(downloads).toEqual([REMOTE_DATA_JSON_URL]);

    const { price_data } = await request("GET", "/api/v1/settings");
    expect(price_data).toMatchObject({
      source: "bundled",
      updated_at: null,
      last_refresh_attempt_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      last_refresh_error: "fetch failed (ENOTFOUND)",
    });
    const failure = lines.slice(logged);
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(
      /^\[fallom\] Price data refresh failed, keeping the bundled prices: fetch failed/,
    );
    expect(failure[0]).not.toContain("\n");

    // SPEC §4.3 reference value with the bundled data.
    const spanId = await ingest("gpt-4o", 1200, 1000, 50);
    expect(await span(spanId)).toMatchObject({
      provider: "openai",
      cost_status: "computed",
      cost_usd: 0.00225,
    });
  });

  it("prices with the downloaded data after a successful refresh and prices the unpriced calls", async () => {
    const unpriced = await ingest("acme-chat-1", 1_000_000, 0, 500_000);
    const computed = await ingest("gpt-4o", 1200, 1000, 50);
    expect(await span(unpriced)).toMatchObject({
      provider: "openai",
      cost_status: "unpriced",
      cost_usd: null,
    });
    expect(await span(computed)).toMatchObject({ cost_status: "computed", cost_usd: 0.00225 });

    download = async () => JSON.parse(JSON.stringify(downloadedData()));
    const before = Date.now();
    const status = await server.refreshPrices();
    expect(status.source).toBe("downloaded");

    const { price_data } = await request("GET", "/api/v1/settings");
    expect(price_data).toMatchObject({ source: "downloaded", last_refresh_error: null });
    expect(Date.parse(price_data.updated_at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(price_data.last_refresh_attempt_at)).toBeGreaterThanOrEqual(before);
    expect(lines.at(-1)).toBe(
      "Price data refreshed from @pydantic/genai-prices (1 providers); 1 unpriced call(s) now priced.",
    );

    // The unpriced call is priced: 1M input at $2/M + 0.5M output at $8/M.
    expect(await span(unpriced)).toMatchObject({
      cost_status: "computed",
      cost_usd: 6,
      input_cost_usd: 2,
      output_cost_usd: 4,
      price_ref: expect.stringMatching(/:openai\/acme-chat-1$/),
    });
    // A computed call keeps its price until an explicit recompute (SPEC §4.3 step 4)…
    expect(await span(computed)).toMatchObject({ cost_status: "computed", cost_usd: 0.00225 });
    // …a new call gets the downloaded price: 200 × $5/M + 1000 × $2.5/M + 50 × $20/M…
    const fresh = await ingest("gpt-4o", 1200, 1000, 50);
    expect(await span(fresh)).toMatchObject({ cost_status: "computed", cost_usd: 0.0045 });
    // …and the recompute moves the old one to it.
    expect(await request("POST", "/api/v1/costs/recompute", { model: "gpt-4o" })).toMatchObject({
      changed: 2,
    });
    expect(await span(computed)).toMatchObject({ cost_usd: 0.0045 });
  });

  it("keeps the downloaded data when a later refresh fails", async () => {
    download = async () => ({ not: "a provider list" });
    await server.refreshPrices();
    const { price_data } = await request("GET", "/api/v1/settings");
    expect(price_data).toMatchObject({
      source: "downloaded",
      last_refresh_error: "the downloaded price data is not a list of providers",
    });
    expect(lines.at(-1)).toMatch(/keeping the downloaded prices: the downloaded price data is not a list/);
    const spanId = await ingest("acme-chat-1", 1_000_000, 0, 0);
    expect(await span(spanId)).toMatchObject({ cost_status: "computed", cost_usd: 2 });
  });
});
