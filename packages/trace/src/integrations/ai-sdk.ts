import type { ScopeResolver } from "../record/types.js";

/** Placeholder until the integration lands: returns the target untraced. */
export function wrapAISDK<T>(target: T, _scope: ScopeResolver): T {
  return target;
}
