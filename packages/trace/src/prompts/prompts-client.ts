/**
 * The `prompts` namespace (SPEC §2.7, §8). Module-level `get`/`getAB` link the result to the
 * current async context only (SPEC §8.4); the session methods link to their session instead.
 */
import { startRemote } from "../ab/remote-state.js";
import { resolveConfig } from "../config.js";
import type { PromptLink } from "../record/types.js";
import { enterPromptScope, getAsyncPromptLink, setAsyncPromptLink } from "./prompt-context.js";
import {
  fetchPrompt,
  fetchPromptAB,
  type GetPromptABOptions,
  type GetPromptOptions,
  type PromptResult,
  toPromptLink,
} from "./resolve-prompt.js";

export type { GetPromptABOptions, GetPromptOptions, PromptResult } from "./resolve-prompt.js";

/** Module-level init kept for 0.1.x compatibility; URLs resolve as in `init()` (SPEC §2.2). */
export interface SubModuleInitOptions {
  apiKey?: string;
  baseUrl?: string;
}

/**
 * Prompt `promptKey` (current or pinned version), templated, and linked to the LLM spans that
 * follow in this async context.
 *
 * @throws FallomError (`Prompt '<key>' not found`) when there is no prompt and no fallback.
 * @example const { system, user } = await prompts.get("greeting", { variables: { name: "Ann" } });
 */
export function getPrompt(promptKey: string, options: GetPromptOptions = {}): Promise<PromptResult> {
  // Entered before the first await, so the caller's own async context carries the holder.
  const scope = enterPromptScope();
  return fetchPrompt(promptKey, options).then((result) => {
    scope.link = toPromptLink(result);
    return result;
  });
}

/**
 * The session's arm of prompt A/B test `abTestKey`, templated, and linked to the LLM spans that
 * follow in this async context.
 *
 * @throws FallomError when the test or one of its prompts is not found.
 * @example const result = await prompts.getAB("greeting-test", sessionId, { variables: { name: "Ann" } });
 */
export function getPromptAB(
  abTestKey: string,
  sessionId: string,
  options: GetPromptABOptions = {},
): Promise<PromptResult> {
  const scope = enterPromptScope();
  return fetchPromptAB(abTestKey, sessionId, options).then((result) => {
    scope.link = toPromptLink(result);
    return result;
  });
}

/** The async context's prompt linkage (reading does not clear it). */
export function getPromptContext(): PromptLink | undefined {
  const link = getAsyncPromptLink();
  return link ? { ...link } : undefined;
}

/** Clears the async context's prompt linkage. */
export function clearPromptContext(): void {
  setAsyncPromptLink(undefined);
}

/** `prompts` namespace of the default export. */
export const prompts = {
  /**
   * Legacy 0.1.x: starts the config and prompt client alone (`init()` already does).
   *
   * @throws FallomConfigError (as a rejection) when no API key is given by option or environment.
   */
  init: async (options: SubModuleInitOptions = {}): Promise<void> => {
    startRemote(resolveConfig(options));
  },
  get: getPrompt,
  getAB: getPromptAB,
  getPromptContext,
  clearPromptContext,
};
