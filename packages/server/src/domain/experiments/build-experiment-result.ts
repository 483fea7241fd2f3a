/**
 * Assembles an experiment's results from its arms: per-variant summaries, every variant compared
 * with variant A, the overall verdict and the sample-ratio check. The HTTP layer feeds it the rows
 * the store returned; nothing here does I/O.
 */
import { effectiveShares } from "../ab/pick-weighted-variant.js";
import { checkSampleRatio, type SampleRatioCheck } from "./check-sample-ratio.js";
import { compareVariants, type VariantComparison } from "./compare-variants.js";
import { summarizeVariant, type VariantCall, type VariantSummary } from "./summarize-variant.js";

export interface ExperimentArm {
  /** Position in the current version's variants; null for an arm not in it (an older version's model). */
  variant_index: number | null;
  /** Configured weight in percent (current version), null for arms not in it. */
  weight: number | null;
  /** What the arm serves: `{model}` or `{prompt_key, prompt_version}`. */
  describes: Record<string, unknown>;
  calls: VariantCall[];
  custom_metrics: Array<Record<string, unknown>>;
  /** Sessions assigned to the arm (configs); undefined counts distinct sessions in the calls. */
  assigned_sessions?: number;
  /** Sessions counted for the sample-ratio check (assignments under the current version). */
  ratio_count: number;
}

export interface ExperimentVariantResult extends VariantSummary {
  variant_index: number | null;
  label: string;
  weight: number | null;
  [describes: string]: unknown;
}

export interface ExperimentResult {
  variants: ExperimentVariantResult[];
  comparisons: Array<{ variant_index: number; label: string; against: string } & VariantComparison>;
  sample_ratio: SampleRatioCheck;
  verdict: string;
}

/** `A`, `B`, … `Z`, then `V27`. */
export const variantLabel = (index: number): string =>
  index < 26 ? String.fromCharCode(65 + index) : `V${index + 1}`;

/**
 * @example
 * const result = buildExperimentResult(arms);
 * result.verdict; // "B is cheaper by 18 % ± 6 %, latency not significantly different"
 */
export function buildExperimentResult(arms: readonly ExperimentArm[]): ExperimentResult {
  const configured = arms
    .filter((arm): arm is ExperimentArm & { variant_index: number } => arm.variant_index !== null)
    .sort((a, b) => a.variant_index - b.variant_index);
  const others = arms.filter((arm) => arm.variant_index === null);
  const variants: ExperimentVariantResult[] = [...configured, ...others].map((arm) => ({
    variant_index: arm.variant_index,
    label: arm.variant_index === null ? "(not in the current version)" : variantLabel(arm.variant_index),
    weight: arm.weight,
    ...arm.describes,
    ...summarizeVariant(arm.calls, {
      ...(arm.assigned_sessions !== undefined ? { assignedSessions: arm.assigned_sessions } : {}),
      customMetrics: arm.custom_metrics,
    }),
  }));

  const baseline = variants.find((variant) => variant.variant_index === 0);
  const comparisons: ExperimentResult["comparisons"] = [];
  if (baseline) {
    for (const variant of variants) {
      if (variant.variant_index === null || variant.variant_index === 0) continue;
      comparisons.push({
        variant_index: variant.variant_index,
        label: variant.label,
        against: baseline.label,
        ...compareVariants(variant.label, baseline, variant),
      });
    }
  }

  const sampleRatio = checkSampleRatio(
    configured.map((arm) => arm.ratio_count),
    effectiveShares(configured.map((arm) => arm.weight ?? 0)),
  );
  const verdictParts = comparisons.map((comparison) => comparison.verdict);
  if (configured.length < 2) verdictParts.push("Only one variant: nothing to compare.");
  if (sampleRatio.mismatch) verdictParts.unshift(`Warning: ${sampleRatio.message}`);
  return { variants, comparisons, sample_ratio: sampleRatio, verdict: joinSentences(verdictParts) };
}

/** Joins sentences with ". ", without doubling a full stop a part already ends with. */
function joinSentences(parts: string[]): string {
  return parts.map((part, index) => (index < parts.length - 1 ? part.replace(/\.$/, "") : part)).join(". ");
}
