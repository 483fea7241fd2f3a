/**
 * Shapes of the configs, prompts and prompt A/B test management API and of the experiment
 * results (docs/api.md "Configs, prompts and prompt A/B tests", "Experiments"; SPEC §7, §8).
 */

/** The fields every saved version carries, whatever the resource. */
export interface VersionMeta {
  version: number;
  /** What changed, as the author put it ("" when none). */
  note: string;
  created_by: string | null;
  created_at: string;
  is_current: boolean;
}

/** One list entry / `GET …/{key}`: the key with its current version inlined. */
export interface Head<Payload> {
  key: string;
  description: string;
  current_version: number;
  latest_version: number;
  created_at: string;
  updated_at: string;
  current: VersionMeta & Payload;
}

/** One entry of `GET …/{key}/versions`. */
export type Version<Payload> = VersionMeta & Payload & { key: string };

export const TARGETING_OPERATORS = ["eq", "neq", "in", "nin", "contains", "startsWith", "endsWith"] as const;
export type TargetingOperator = (typeof TARGETING_OPERATORS)[number];

export interface ModelVariant {
  model: string;
  weight: number;
}

export interface IndividualTarget {
  field: string;
  value: string;
  variantIndex: number;
}

export interface TargetingCondition {
  field: string;
  operator: TargetingOperator;
  value: string | string[];
}

export interface TargetingRule {
  conditions: TargetingCondition[];
  variantIndex: number;
}

/** SPEC §7.1: camelCase keys (compat); only an explicit `enabled: false` disables it. */
export interface Targeting {
  enabled?: boolean;
  individualTargets?: IndividualTarget[];
  rules?: TargetingRule[];
}

export interface ConfigPayload {
  variants: ModelVariant[];
  targeting: Targeting | null;
}

export interface PromptPayload {
  system_prompt: string;
  user_template: string;
}

export interface PromptAbVariant {
  prompt_key: string;
  /** null = the prompt's current version when the SDK resolves it. */
  prompt_version: number | null;
  weight: number;
}

export interface PromptAbTestPayload {
  variants: PromptAbVariant[];
}

export type ConfigHead = Head<ConfigPayload>;
export type PromptHead = Head<PromptPayload>;
export type PromptAbTestHead = Head<PromptAbTestPayload>;

/** A mean with its 95 % interval (null bounds below two values). */
export interface MeanSummary {
  n: number;
  mean: number | null;
  variance: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export interface LatencySummary extends MeanSummary {
  p50: number | null;
  p95: number | null;
}

/** A proportion with its Wilson 95 % interval. */
export interface RateSummary {
  successes: number;
  n: number;
  rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export interface VariantResult {
  variant_index: number | null;
  label: string;
  weight: number | null;
  /** Model configs. */
  model?: string;
  /** Prompt A/B tests. */
  prompt_key?: string | null;
  prompt_version?: number | null;
  sessions: number;
  sessions_with_calls: number;
  calls: number;
  errors: number;
  error_rate: RateSummary;
  total_cost_usd: number | null;
  unpriced_calls: number;
  cost_per_call_usd: MeanSummary;
  cost_per_session_usd: MeanSummary;
  input_tokens: number;
  output_tokens: number;
  input_tokens_per_call: MeanSummary;
  output_tokens_per_call: MeanSummary;
  duration_ms: LatencySummary;
  ttft_ms: LatencySummary;
  custom_metrics: Record<string, MeanSummary>;
}

/** Relative change of a mean against variant A (−0.18 = 18 % lower). */
export interface RelativeDifference {
  relative_change: number;
  ci_low: number;
  ci_high: number;
  significant: boolean;
}

/** Absolute difference of error rates against variant A (0.012 = 1.2 points). */
export interface RateDifference {
  difference: number;
  ci_low: number;
  ci_high: number;
  significant: boolean;
}

export interface VariantComparison {
  variant_index: number;
  label: string;
  against: string;
  cost_per_call: RelativeDifference | null;
  cost_per_session: RelativeDifference | null;
  latency: RelativeDifference | null;
  ttft: RelativeDifference | null;
  output_tokens_per_call: RelativeDifference | null;
  error_rate: RateDifference | null;
  custom_metrics: Record<string, RelativeDifference | null>;
  verdict: string;
}

export interface SampleRatioCheck {
  observed: number[];
  expected: number[];
  expected_shares: number[];
  chi_square: number | null;
  degrees_of_freedom: number;
  p_value: number | null;
  mismatch: boolean;
  message: string;
}

export interface ExperimentResult {
  variants: VariantResult[];
  comparisons: VariantComparison[];
  sample_ratio: SampleRatioCheck;
  verdict: string;
  calls_truncated: boolean;
}

export interface ModelExperimentResult extends ExperimentResult {
  config_key: string;
  config_version: number;
  targeting_enabled: boolean;
  match_model: boolean;
}

export interface PromptExperimentResult extends ExperimentResult {
  ab_test_key: string;
  ab_test_version: number;
}
