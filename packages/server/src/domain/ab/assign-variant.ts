/**
 * `models.get` without the network (SPEC §7.2 steps 4–5): targeting first, then the sticky bucket.
 * The SDKs and the server's tests run this same logic against `protocol/ab-test-vectors.json`.
 */
import { computeBucket } from "./compute-bucket.js";
import { evaluateTargeting, type TargetingContext, toTargetingContext } from "./evaluate-targeting.js";
import type { ModelConfig } from "./model-config.js";
import { pickWeightedVariant } from "./pick-weighted-variant.js";

export interface Assignment {
  variantIndex: number;
  model: string;
  via: "individual_target" | "rule" | "hash";
  /** The session's bucket (0..999,999); computed even when targeting decided. */
  bucket: number;
}

export interface AssignOptions {
  customerId?: string | null;
  context?: TargetingContext;
}

/**
 * @example
 * assignVariant({ key: "k", version: 1, targeting: null,
 *   variants: [{ model: "gpt-4o", weight: 80 }, { model: "claude", weight: 20 }] }, "session-xyz");
 * // { variantIndex: 1, model: "claude", via: "hash", bucket: 801389 }
 */
export function assignVariant(
  config: Pick<ModelConfig, "variants" | "targeting">,
  sessionId: string,
  options: AssignOptions = {},
): Assignment {
  const bucket = computeBucket(sessionId);
  const variants = config.variants;
  const match = evaluateTargeting(config.targeting, toTargetingContext(options.context, options.customerId));
  // An out-of-range (or non-integer) index from the first match is ignored: hashing decides, as in
  // the published SDKs; later targets and rules are not consulted.
  if (match && Number.isInteger(match.variantIndex) && match.variantIndex >= 0) {
    const variant = variants[match.variantIndex];
    if (variant) return { variantIndex: match.variantIndex, model: variant.model, via: match.via, bucket };
  }
  const index = pickWeightedVariant(
    variants.map((variant) => variant.weight),
    bucket,
  );
  return { variantIndex: index, model: (variants[index] as { model: string }).model, via: "hash", bucket };
}
