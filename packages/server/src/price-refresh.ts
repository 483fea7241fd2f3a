/**
 * The scheduled price data refresh (SPEC §4.3 step 2): shortly after start and then every
 * `FALLOM_PRICE_REFRESH`, the server downloads the data `@pydantic/genai-prices` publishes and
 * prices with it; where that fails (no internet, host down, bad data) the data in use is kept and
 * one line is logged. After a successful refresh every project's unpriced calls are priced again,
 * as saving a price override does for its model (SPEC §4.3 step 4); computed calls keep their
 * price until an explicit recompute.
 */
import { repriceStoredSpans } from "./create-admin-api.js";
import { type PriceDataStatus, priceDataStatus, recordPriceRefresh } from "./domain/price-data-status.js";
import { type PriceDataFetcher, updateGenaiPriceData } from "./domain/price-data-update.js";
import type { PriceOverride } from "./domain/price-override.js";
import { type Database, listPriceOverrides, listProjects } from "./store/index.js";

/** Delay before the first attempt: long enough not to slow the start, short enough to matter. */
export const FIRST_PRICE_REFRESH_DELAY_MS = 10_000;
/** A download slower than this is abandoned (the published file is a few MB at most). */
const DOWNLOAD_TIMEOUT_MS = 60_000;

export interface PriceRefreshOptions {
  /** Time between refreshes; null schedules none (`refreshNow` still works). */
  intervalMs: number | null;
  log(line: string): void;
  /** How the data is downloaded; default {@link fetchPriceData}. */
  fetchData?: PriceDataFetcher;
  /** Default {@link FIRST_PRICE_REFRESH_DELAY_MS}. */
  firstDelayMs?: number;
}

export interface PriceRefresh {
  /** Runs one refresh now (or joins the one running) and resolves to the resulting status; never rejects. */
  refreshNow(): Promise<PriceDataStatus>;
  /** Stops the schedule, abandons a download in progress and waits for a re-pricing in progress. */
  stop(): Promise<void>;
}

/**
 * Downloads `url` with `fetch` and parses it as JSON; a non-2xx answer is an error.
 *
 * @example await fetchPriceData(REMOTE_DATA_JSON_URL, new AbortController().signal) // [{ id: "openai", … }, …]
 */
export const fetchPriceData: PriceDataFetcher = async (url, signal) => {
  const response = await fetch(url, { signal, headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return response.json();
};

// One line for the operator: fetch's "fetch failed" says nothing without its cause (ENOTFOUND…).
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "AbortError" || error.name === "TimeoutError") {
    return `the download took longer than ${DOWNLOAD_TIMEOUT_MS / 1000} s`;
  }
  const { cause } = error;
  const detail = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : null;
  const text = detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
  return text.replace(/\s+/g, " ").slice(0, 300);
}

function describeInterval(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 86_400_000) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.round(ms / 60_000)}m`;
}

/** Prices every project's unpriced calls again with the current data; returns how many changed. */
async function repriceUnpricedCalls(database: Database, stopped: () => boolean): Promise<number> {
  let changed = 0;
  for (const project of await listProjects(database)) {
    if (stopped()) break;
    const overrides: PriceOverride[] = (await listPriceOverrides(database, project.id)).map((row) => ({
      ...row,
      tiers: (row.tiers ?? null) as PriceOverride["tiers"],
    }));
    changed += (await repriceStoredSpans(database, project.id, {}, ["unpriced"], overrides)).changed;
  }
  return changed;
}

/**
 * Starts the schedule: the first refresh after `firstDelayMs`, then one every `intervalMs` after
 * the previous one ends (runs never overlap). Timers are `unref`'d, so they never keep the
 * process alive.
 *
 * @example
 * const refresh = startPriceRefresh(database, { intervalMs: 24 * 3_600_000, log: console.log });
 * await refresh.stop();
 */
export function startPriceRefresh(database: Database, options: PriceRefreshOptions): PriceRefresh {
  const { intervalMs, log } = options;
  const fetchData = options.fetchData ?? fetchPriceData;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let download: AbortController | null = null;
  let running: Promise<PriceDataStatus> | null = null;

  const runOnce = async (): Promise<void> => {
    const attemptAt = new Date();
    const keptSource = priceDataStatus().source;
    download = new AbortController();
    const timeout = setTimeout(() => download?.abort(), DOWNLOAD_TIMEOUT_MS);
    timeout.unref();
    let providers: number;
    try {
      providers = await updateGenaiPriceData(fetchData, download.signal);
    } catch (error) {
      if (stopped) return;
      const reason = describeError(error);
      recordPriceRefresh(attemptAt, { error: reason });
      const next = intervalMs === null ? "" : `; next try in ${describeInterval(intervalMs)}`;
      log(`[fallom] Price data refresh failed, keeping the ${keptSource} prices${next}: ${reason}`);
      return;
    } finally {
      clearTimeout(timeout);
      download = null;
    }
    recordPriceRefresh(attemptAt, { downloadedAt: new Date() });
    try {
      const priced = await repriceUnpricedCalls(database, () => stopped);
      log(
        `Price data refreshed from @pydantic/genai-prices (${providers} providers); ${priced} unpriced call(s) now priced.`,
      );
    } catch (error) {
      log(`[fallom] Price data refreshed, but re-pricing unpriced calls failed: ${describeError(error)}`);
    }
  };

  const refreshNow = (): Promise<PriceDataStatus> => {
    if (stopped) return Promise.resolve(priceDataStatus());
    running ??= runOnce()
      .then(priceDataStatus, priceDataStatus)
      .finally(() => {
        running = null;
      });
    return running;
  };

  const schedule = (delayMs: number): void => {
    if (stopped || intervalMs === null) return;
    timer = setTimeout(() => {
      timer = null;
      void refreshNow().then(() => schedule(intervalMs));
    }, delayMs);
    timer.unref();
  };
  schedule(options.firstDelayMs ?? FIRST_PRICE_REFRESH_DELAY_MS);

  return {
    refreshNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      download?.abort();
      await running;
    },
  };
}
