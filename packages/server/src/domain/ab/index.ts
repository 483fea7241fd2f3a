export { type Assignment, type AssignOptions, assignVariant } from "./assign-variant.js";
export { BUCKET_COUNT, computeBucket } from "./compute-bucket.js";
export {
  evaluateTargeting,
  matchesCondition,
  type TargetingContext,
  type TargetingMatch,
  toTargetingContext,
} from "./evaluate-targeting.js";
export {
  type IndividualTarget,
  type ModelConfig,
  type ModelVariant,
  TARGETING_OPERATORS,
  type Targeting,
  type TargetingCondition,
  type TargetingOperator,
  type TargetingRule,
} from "./model-config.js";
export { effectiveShares, pickWeightedVariant } from "./pick-weighted-variant.js";
