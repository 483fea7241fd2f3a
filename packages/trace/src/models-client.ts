/**
 * The `models` namespace (SPEC §2.7, §7). Config fetching and sticky assignment come with the
 * A/B issue; until then `get` resolves to the caller's `fallback` and otherwise rejects with a
 * FallomUnavailableError.
 */
import { FallomUnavailableError } from "./errors.js";
import { debugLog } from "./log.js";
import type { SubModuleInitOptions } from "./prompts/prompts-client.js";

export interface GetModelOptions {
  version?: number;
  fallback?: string;
  customerId?: string;
  context?: Record<string, string>;
  debug?: boolean;
}

const NOT_AVAILABLE = "config fetching is not available in this version of @fallom/trace yet";

/** @example const model = await models.get("summarizer", sessionId, { fallback: "gpt-4o-mini" }); */
export async function getModel(
  configKey: string,
  _sessionId: string,
  options: GetModelOptions = {},
): Promise<string> {
  if (typeof options.fallback === "string") {
    debugLog(`models.get("${configKey}"): ${NOT_AVAILABLE}; using the fallback`);
    return options.fallback;
  }
  throw new FallomUnavailableError(`models.get("${configKey}"): ${NOT_AVAILABLE}; pass a fallback.`);
}

/** `models` namespace of the default export. */
export const models = {
  init: async (_options: SubModuleInitOptions = {}): Promise<void> => {
    debugLog(`models.init(): ${NOT_AVAILABLE}`);
  },
  get: getModel,
};
