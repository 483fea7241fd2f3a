/**
 * Replaces the price data of `@pydantic/genai-prices` with the data it publishes, through the
 * package's own `updatePrices` hook (SPEC §4.3 step 2). The download itself is passed in, so this
 * module does no I/O of its own and tests can hand it any payload.
 */
import { type Provider, updatePrices } from "@pydantic/genai-prices";
import { forgetGenaiPriceMatches } from "./price-with-genai-prices.js";

/** Downloads and parses the JSON at `url` (the package's `remoteDataUrl`); rejects on any failure. */
export type PriceDataFetcher = (url: string, signal: AbortSignal) => Promise<unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// The installed package checks little of what it is given (a provider without `models` throws only
// when priced), so the fields it dereferences are checked here, before anything is swapped in.
function malformedProvider(provider: unknown, index: number): string | null {
  const at = `providers[${index}]`;
  if (!isObject(provider)) return `${at} is not an object`;
  for (const field of ["id", "name", "api_pattern"]) {
    if (typeof provider[field] !== "string") return `${at}.${field} is not a string`;
  }
  if (!Array.isArray(provider.models)) return `${at}.models is not a list`;
  for (const [modelIndex, model] of provider.models.entries()) {
    const where = `${at}.models[${modelIndex}]`;
    if (!isObject(model)) return `${where} is not an object`;
    if (typeof model.id !== "string") return `${where}.id is not a string`;
    if (!isObject(model.match)) return `${where}.match is not an object`;
    if (!isObject(model.prices) && !Array.isArray(model.prices)) return `${where}.prices is missing`;
  }
  return null;
}

/**
 * Downloads the package's published data with `fetchData` and makes it the data every later price
 * uses. On any failure (download, shape, or the package refusing it) it throws and the data in use
 * is untouched. Resolves to the number of providers loaded.
 *
 * @example
 * await updateGenaiPriceData(async (url, signal) => (await fetch(url, { signal })).json(), signal) // 42
 */
export async function updateGenaiPriceData(
  fetchData: PriceDataFetcher,
  signal: AbortSignal,
): Promise<number> {
  let hook: { remoteDataUrl: string; setProviderData(data: Provider[]): void } | undefined;
  // The package hands its data URL and setter to the factory synchronously; no `onCalc` callback
  // is registered, so pricing never waits on or triggers a download.
  updatePrices(({ remoteDataUrl, setProviderData }) => {
    hook = { remoteDataUrl, setProviderData };
  });
  if (!hook) throw new Error("@pydantic/genai-prices did not offer its update hook");

  const data = await fetchData(hook.remoteDataUrl, signal);
  if (!Array.isArray(data) || data.length === 0) {
    throw new Error("the downloaded price data is not a list of providers");
  }
  for (const [index, provider] of data.entries()) {
    const problem = malformedProvider(provider, index);
    if (problem) throw new Error(`the downloaded price data is malformed: ${problem}`);
  }
  try {
    // A plain array (not a promise) is validated and swapped in at once, or rejected by a throw.
    hook.setProviderData(data as Provider[]);
  } catch (error) {
    throw new Error(`@pydantic/genai-prices rejected the downloaded data: ${(error as Error).message}`);
  }
  forgetGenaiPriceMatches();
  return data.length;
}
