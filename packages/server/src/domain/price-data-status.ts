/**
 * Which price data `@pydantic/genai-prices` is pricing with, as `GET /api/v1/settings` shows it
 * (SPEC §4.3 step 2). The package keeps one data set per process, so this status is per process
 * too, not per server or project.
 */
import { genaiPricesDataVersion } from "./price-package-version.js";

/** The price data in use and the last refresh attempt. Times are ISO-8601. */
export interface PriceDataStatus {
  /** `bundled`: the data shipped in the installed package; `downloaded`: the package's published data. */
  source: "bundled" | "downloaded";
  /** The installed package's version, which dates the bundled data (null when unreadable). */
  version: string | null;
  /**
   * The data's date: for downloaded data, when it was downloaded (the published file carries no
   * date of its own); null for bundled data, whose date the package does not expose.
   */
  updated_at: string | null;
  /** When the last refresh started; null when none ran (refresh off, or not yet). */
  last_refresh_attempt_at: string | null;
  /** Why the last refresh failed (the data in use was kept); null after a success or before any. */
  last_refresh_error: string | null;
}

let status: Omit<PriceDataStatus, "version"> = {
  source: "bundled",
  updated_at: null,
  last_refresh_attempt_at: null,
  last_refresh_error: null,
};

/**
 * The current status (a copy).
 *
 * @example priceDataStatus() // { source: "bundled", version: "0.1.8", updated_at: null, … }
 */
export function priceDataStatus(): PriceDataStatus {
  return { ...status, version: genaiPricesDataVersion() };
}

/**
 * Records the outcome of one refresh that started at `attemptAt`: on success the downloaded data
 * is in use from now on; on failure only the error changes, the data in use stays.
 *
 * @example recordPriceRefresh(new Date(), { error: "HTTP 503" })
 */
export function recordPriceRefresh(
  attemptAt: Date,
  outcome: { error: string } | { downloadedAt: Date },
): void {
  status =
    "error" in outcome
      ? { ...status, last_refresh_attempt_at: attemptAt.toISOString(), last_refresh_error: outcome.error }
      : {
          source: "downloaded",
          updated_at: outcome.downloadedAt.toISOString(),
          last_refresh_attempt_at: attemptAt.toISOString(),
          last_refresh_error: null,
        };
}
