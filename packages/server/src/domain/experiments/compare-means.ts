/**
 * How much a variant's mean differs from the baseline's, relative to the baseline, with a 95 %
 * interval: the Welch standard error of each mean (own variance, own n) carried through the ratio
 * by the delta method, under the normal approximation. "+18 % ± 6 %" reads off it directly.
 */
import type { MeanSummary } from "./summarize-mean.js";
import { Z_95 } from "./z-95.js";

export interface RelativeDifference {
  /** (variant − baseline) / baseline, e.g. −0.18 for 18 % lower. */
  relative_change: number;
  ci_low: number;
  ci_high: number;
  /** Whether the interval excludes 0. */
  significant: boolean;
}

/**
 * Null when either side has fewer than two values or the baseline mean is 0.
 *
 * @example
 * compareMeans(summarizeMean(a), summarizeMean(b))?.relative_change; // −0.18
 */
export function compareMeans(baseline: MeanSummary, variant: MeanSummary): RelativeDifference | null {
  if (baseline.mean === null || variant.mean === null) return null;
  if (baseline.variance === null || variant.variance === null) return null;
  if (baseline.mean === 0) return null;
  const ratio = variant.mean / baseline.mean;
  const varianceOfBaselineMean = baseline.variance / baseline.n;
  const varianceOfVariantMean = variant.variance / variant.n;
  // Var(B/A) ≈ (1/A)² Var(B) + (B/A²)² Var(A), for independent samples.
  const standardError = Math.sqrt(
    varianceOfVariantMean / baseline.mean ** 2 +
      (variant.mean ** 2 * varianceOfBaselineMean) / baseline.mean ** 4,
  );
  const change = ratio - 1;
  const half = Z_95 * standardError;
  return {
    relative_change: change,
    ci_low: change - half,
    ci_high: change + half,
    significant: change - half > 0 || change + half < 0,
  };
}
