/**
 * The difference of two proportions (variant − baseline, in absolute terms: 0.012 = 1.2 points)
 * with a 95 % interval by the normal approximation (unpooled standard error).
 */
import type { RateSummary } from "./wilson-interval.js";
import { Z_95 } from "./z-95.js";

export interface RateDifference {
  difference: number;
  ci_low: number;
  ci_high: number;
  significant: boolean;
}

/**
 * Null when either side has no observations.
 *
 * @example
 * compareRates(wilsonInterval(50, 1000), wilsonInterval(20, 1000))?.difference; // −0.03
 */
export function compareRates(baseline: RateSummary, variant: RateSummary): RateDifference | null {
  if (baseline.rate === null || variant.rate === null) return null;
  const p1 = baseline.rate;
  const p2 = variant.rate;
  const standardError = Math.sqrt((p1 * (1 - p1)) / baseline.n + (p2 * (1 - p2)) / variant.n);
  const difference = p2 - p1;
  const half = Z_95 * standardError;
  return {
    difference,
    ci_low: difference - half,
    ci_high: difference + half,
    // Both rates 0 (or both 1): no difference and no spread.
    significant: standardError > 0 && (difference - half > 0 || difference + half < 0),
  };
}
