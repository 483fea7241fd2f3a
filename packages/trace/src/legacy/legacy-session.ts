/**
 * The 0.1.x session model (SPEC §2.8): one session per async context, set with
 * `trace.setSession` (which, called at the top level, covers everything started afterwards) or
 * scoped with `trace.runWithSession`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { getAsyncPromptLink } from "../prompts/prompt-context.js";
import type { CallScope, ScopeResolver, SessionContext } from "../record/types.js";

const storage = new AsyncLocalStorage<{ context: SessionContext | undefined }>();

/** @example setLegacySession({ configKey: "chat", sessionId: "s1" }) */
export function setLegacySession(context: SessionContext | undefined): void {
  storage.enterWith({ context: context ? Object.freeze({ ...context }) : undefined });
}

/** @example runWithLegacySession(ctx, () => handle(request)) */
export function runWithLegacySession<T>(context: SessionContext, fn: () => T): T {
  return storage.run({ context: Object.freeze({ ...context }) }, fn);
}

export function getLegacySession(): SessionContext | undefined {
  return storage.getStore()?.context;
}

/** Reads the async-context session at call time; no session → the call is untraced. */
export const legacyScope: ScopeResolver = (): CallScope | undefined => {
  const context = getLegacySession();
  if (!context) return undefined;
  const prompt = getAsyncPromptLink();
  return prompt ? { context, prompt } : { context };
};
