/**
 * The `prompts` namespace (SPEC §2.7, §8). Fetching prompts from the server comes with the A/B
 * issue; until then `get` resolves to the caller's `fallback` (templated, version 0) and
 * otherwise rejects with a FallomUnavailableError.
 */
import { FallomUnavailableError } from "../errors.js";
import { debugLog } from "../log.js";
import type { PromptLink } from "../record/types.js";
import { getAsyncPromptLink, setAsyncPromptLink } from "./prompt-context.js";
import { renderTemplate } from "./render-template.js";

/** SPEC §2.7. For A/B results, `key`/`version` are the selected prompt's. */
export interface PromptResult {
  key: string;
  version: number;
  system: string;
  user: string;
  abTestKey?: string;
  variantIndex?: number;
}

export interface GetPromptOptions {
  variables?: Record<string, unknown>;
  version?: number;
  /** Ours: returned (templated, version 0) when the prompt cannot be fetched. */
  fallback?: { system?: string; user?: string };
  debug?: boolean;
}

export interface GetPromptABOptions {
  variables?: Record<string, unknown>;
  debug?: boolean;
}

/** Module-level init kept for 0.1.x compatibility; URLs resolve as in `init()` (SPEC §2.2). */
export interface SubModuleInitOptions {
  apiKey?: string;
  baseUrl?: string;
}

const NOT_AVAILABLE = "prompt fetching is not available in this version of @fallom/trace yet";

/** @example const result = await prompts.get("greeting", { fallback: { system: "Be brief." } }); */
export async function getPrompt(promptKey: string, options: GetPromptOptions = {}): Promise<PromptResult> {
  if (options.fallback) {
    const result: PromptResult = {
      key: promptKey,
      version: 0,
      system: renderTemplate(options.fallback.system ?? "", options.variables),
      user: renderTemplate(options.fallback.user ?? "", options.variables),
    };
    debugLog(`prompts.get("${promptKey}"): ${NOT_AVAILABLE}; using the fallback`);
    return result;
  }
  throw new FallomUnavailableError(`prompts.get("${promptKey}"): ${NOT_AVAILABLE}; pass a fallback.`);
}

/** @example await prompts.getAB("greeting-test", sessionId) */
export async function getPromptAB(
  abTestKey: string,
  _sessionId: string,
  _options: GetPromptABOptions = {},
): Promise<PromptResult> {
  throw new FallomUnavailableError(`prompts.getAB("${abTestKey}"): ${NOT_AVAILABLE}.`);
}

/** The async context's prompt linkage (reading does not clear it). */
export function getPromptContext(): PromptLink | undefined {
  return getAsyncPromptLink();
}

/** Clears the async context's prompt linkage. */
export function clearPromptContext(): void {
  setAsyncPromptLink(undefined);
}

/** `prompts` namespace of the default export. */
export const prompts = {
  init: async (_options: SubModuleInitOptions = {}): Promise<void> => {
    debugLog(`prompts.init(): ${NOT_AVAILABLE}`);
  },
  get: getPrompt,
  getAB: getPromptAB,
  getPromptContext,
  clearPromptContext,
};
