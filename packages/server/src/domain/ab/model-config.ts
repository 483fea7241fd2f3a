/**
 * The model config as the SDKs receive it (SPEC §7.1). Targeting keys are camelCase because the
 * published SDKs read them that way.
 */

/** A targeting operator (SPEC §7.1). */
export const TARGETING_OPERATORS = ["eq", "neq", "in", "nin", "contains", "startsWith", "endsWith"] as const;
export type TargetingOperator = (typeof TARGETING_OPERATORS)[number];

export interface ModelVariant {
  model: string;
  /** Percent of sessions, fractions allowed. */
  weight: number;
}

export interface IndividualTarget {
  field: string;
  value: string;
  variantIndex: number;
}

export interface TargetingCondition {
  field: string;
  /** Unknown operators are kept (and never match), so an old SDK never chokes on a new one. */
  operator: TargetingOperator | (string & {});
  value: string | string[];
}

export interface TargetingRule {
  conditions: TargetingCondition[];
  variantIndex: number;
}

export interface Targeting {
  /** Only an explicit `false` disables targeting. */
  enabled?: boolean;
  individualTargets?: IndividualTarget[];
  rules?: TargetingRule[];
}

export interface ModelConfig {
  key: string;
  version: number;
  variants: ModelVariant[];
  targeting: Targeting | null;
}
