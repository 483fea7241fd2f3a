import { REMOTE_DATA_JSON_URL } from "@pydantic/genai-prices";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { priceDataStatus } from "./domain/price-data-status.js";
import { startPriceRefresh } from "./price-refresh.js";
import { type Database, openDatabase } from "./store/index.js";

const HOUR = 3_600_000;

// What Node's fetch throws without a network: the useful part is in `cause`.
const offline = () =>
  Object.assign(new Error("fetch failed"), {
    cause: Object.assign(new Error("getaddrinfo ENOTFOUND raw.githubusercontent.com"), { code: "ENOTFOUND" }),
  });

let database: Database;
beforeAll(async () => {
  database = await openDatabase("sqlite::memory:");
});
afterAll(async () => {
  await database.close();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("startPriceRefresh", () => {
  it("tries first after the start delay, then every interval, and never after stop", async () => {
    vi.useFakeTimers();
    const urls: string[] = [];
    const lines: string[] = [];
    const refresh = startPriceRefresh(database, {
      intervalMs: HOUR,
      firstDelayMs: 10_000,
      log: (line) => lines.push(line),
      fetchData: async (url) => {
        urls.push(url);
        throw offline();
      },
    });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(urls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(urls).toEqual([REMOTE_DATA_JSON_URL]);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(urls).toHaveLength(2);
    await refresh.stop();
    await vi.advanceTimersByTimeAsync(10 * HOUR);
    expect(urls).toHaveLength(2);

    // One line per failure, with the cause and no stack; the bundled data stays.
    expect(lines).toEqual([
      "[fallom] Price data refresh failed, keeping the bundled prices; next try in 1h: fetch failed (ENOTFOUND)",
      "[fallom] Price data refresh failed, keeping the bundled prices; next try in 1h: fetch failed (ENOTFOUND)",
    ]);
    expect(priceDataStatus()).toMatchObject({
      source: "bundled",
      updated_at: null,
      last_refresh_attempt_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      last_refresh_error: "fetch failed (ENOTFOUND)",
    });
  });

  it("schedules nothing when off, but still refreshes on request", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const refresh = startPriceRefresh(database, {
      intervalMs: null,
      firstDelayMs: 0,
      log: () => {},
      fetchData: async () => {
        calls += 1;
        return { providers: [] };
      },
    });
    await vi.advanceTimersByTimeAsync(48 * HOUR);
    expect(calls).toBe(0);
    const status = await refresh.refreshNow();
    expect(calls).toBe(1);
    expect(status).toMatchObject({
      source: "bundled",
      last_refresh_error: "the downloaded price data is not a list of providers",
    });
    await refresh.stop();
  });

  it("rejects malformed data naming the bad field, and keeps the data in use", async () => {
    const lines: string[] = [];
    const refresh = startPriceRefresh(database, {
      intervalMs: null,
      log: (line) => lines.push(line),
      fetchData: async () => [
        { id: "acme", name: "Acme", api_pattern: ".*", models: [{ id: "a-1", prices: {} }] },
      ],
    });
    const status = await refresh.refreshNow();
    expect(status.source).toBe("bundled");
    expect(status.last_refresh_error).toBe(
      "the downloaded price data is malformed: providers[0].models[0].match is not an object",
    );
    expect(lines).toEqual([expect.stringContaining("providers[0].models[0].match is not an object")]);
    await refresh.stop();
  });

  it("abandons a download in progress on stop without recording an error", async () => {
    const before = priceDataStatus();
    let started!: () => void;
    const downloading = new Promise<void>((resolve) => {
      started = resolve;
    });
    const lines: string[] = [];
    const refresh = startPriceRefresh(database, {
      intervalMs: HOUR,
      firstDelayMs: 0,
      log: (line) => lines.push(line),
      fetchData: (_url, signal) => {
        started();
        return new Promise((_resolve, reject) => {
          signal.addEventListener("abort", () => reject(signal.reason));
        });
      },
    });
    await downloading;
    await refresh.stop();
    expect(lines).toEqual([]);
    expect(priceDataStatus()).toEqual(before);
  });
});
