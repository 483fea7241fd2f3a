/**
 * SPEC §8.4 async-context prompt linkage: set by module-level `prompts.get` / `getAB`, read by
 * every later LLM span in the same async context (session linkage wins). Never process-global.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { PromptLink } from "../record/types.js";

const storage = new AsyncLocalStorage<{ link: PromptLink | undefined }>();

/** @example getAsyncPromptLink()?.promptKey */
export function getAsyncPromptLink(): PromptLink | undefined {
  return storage.getStore()?.link;
}

/**
 * Links `link` to the current async context, entered synchronously so the awaiting caller sees it.
 *
 * @example setAsyncPromptLink({ promptKey: "greeting", promptVersion: 3 })
 */
export function setAsyncPromptLink(link: PromptLink | undefined): void {
  storage.enterWith({ link });
}
