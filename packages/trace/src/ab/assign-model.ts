/**
 * `models.get` without the network (SPEC §7.2 steps 4–5): targeting first, then the sticky bucket
 * walk. Pure; the shared vectors in `protocol/ab-test-vectors.json` pin it down.
 */
import { hashSession } from "./hash-session.js";
import { matchTargeting, toTargetingContext } from "./match-targeting.js";
import { pickVariant } from "./pick-variant.js";
import type { ModelConfig } from "./wire-types.js";

export interface ModelAssignmentResult {
  variantIndex: number;
  model: string;
  via: "individual_target" | "rule" | "hash";
}

export interface AssignModelOptions {
  customerId?: string | undefined;
  context?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * @example
 * assignModel({ key: "k", version: 1, targeting: null,
 *   variants: [{ model: "gpt-4o", weight: 80 }, { model: "claude", weight: 20 }] }, "session-xyz")
 * // { variantIndex: 1, model: "claude", via: "hash" }
 */
export function assignModel(
  config: Pick<ModelConfig, "variants" | "targeting">,
  sessionId: string,
  options: AssignModelOptions = {},
): ModelAssignmentResult {
  const { variants } = config;
  if (config.targeting && config.targeting.enabled !== false) {
    const match = matchTargeting(config.targeting, toTargetingContext(options.context, options.customerId));
    // An out-of-range index from the first match is ignored and hashing decides; later targets
    // and rules are not consulted (as in the published SDKs).
    const variant = match && match.variantIndex >= 0 ? variants[match.variantIndex] : undefined;
    if (match && variant) return { variantIndex: match.variantIndex, model: variant.model, via: match.via };
  }
  const index = pickVariant(
    variants.map((variant) => variant.weight),
    hashSession(sessionId),
  );
  return { variantIndex: index, model: (variants[index] as { model: string }).model, via: "hash" };
}
