/**
 * SPEC §8.4 async-context prompt linkage: set by module-level `prompts.get` / `getAB`, read by
 * every later LLM span in the same async context (session linkage wins). Never process-global.
 *
 * `prompts.get` enters a fresh, still empty holder synchronously when it is called (so the caller,
 * which is in the same async context until its first `await`, carries it) and fills it when the
 * prompt resolves. A holder is never modified once a later set or clear replaced it, so a child
 * context cannot change what its parent sees.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { PromptLink } from "../record/types.js";

/** The linkage of one async context (and of the contexts it starts). */
export interface PromptScope {
  link: PromptLink | undefined;
}

const storage = new AsyncLocalStorage<PromptScope>();

/** @example getAsyncPromptLink()?.promptKey */
export function getAsyncPromptLink(): PromptLink | undefined {
  return storage.getStore()?.link;
}

/**
 * Enters a new holder for the current async context, starting with the linkage it had (so a
 * failed fetch leaves it unchanged), and returns it for the caller to fill.
 *
 * @example const scope = enterPromptScope(); scope.link = { promptKey: "greeting", promptVersion: 3 };
 */
export function enterPromptScope(): PromptScope {
  const scope: PromptScope = { link: storage.getStore()?.link };
  storage.enterWith(scope);
  return scope;
}

/**
 * Links `link` (or nothing) to the current async context.
 *
 * @example setAsyncPromptLink(undefined) // clearPromptContext()
 */
export function setAsyncPromptLink(link: PromptLink | undefined): void {
  storage.enterWith({ link });
}
