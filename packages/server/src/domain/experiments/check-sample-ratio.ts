/**
 * The sample-ratio-mismatch check: do the assignment counts fit the configured split? A mismatch
 * means assignment or recording is broken (a bot hammering one arm, an SDK that drops one arm's
 * `POST /sessions`), and every comparison built on those sessions is suspect.
 */
import { chiSquarePValue } from "./chi-square-p-value.js";

/** Below this p-value the split is called a mismatch: the usual SRM alarm level. */
export const SRM_ALPHA = 0.001;

export interface SampleRatioCheck {
  observed: number[];
  expected: number[];
  /** Shares (0..1) the counts were tested against. */
  expected_shares: number[];
  chi_square: number | null;
  degrees_of_freedom: number;
  p_value: number | null;
  mismatch: boolean;
  message: string;
}

/**
 * @example
 * checkSampleRatio([5100, 4900], [0.5, 0.5]); // chi² 4, p 0.0455, no mismatch
 */
export function checkSampleRatio(observed: readonly number[], shares: readonly number[]): SampleRatioCheck {
  const total = observed.reduce((sum, count) => sum + count, 0);
  const expected = shares.map((share) => share * total);
  const base = { observed: [...observed], expected, expected_shares: [...shares] };
  // An arm configured at 0 % that still got sessions: no statistic needed.
  const impossible = observed.findIndex((count, index) => count > 0 && (shares[index] ?? 0) === 0);
  if (impossible >= 0) {
    return {
      ...base,
      chi_square: null,
      degrees_of_freedom: 0,
      p_value: 0,
      mismatch: true,
      message: `Variant ${impossible} has weight 0 but ${observed[impossible]} assigned sessions: assignment does not follow the configured weights.`,
    };
  }
  const live = shares
    .map((share, index) => ({ share, observed: observed[index] ?? 0 }))
    .filter((arm) => arm.share > 0);
  const degreesOfFreedom = live.length - 1;
  if (total === 0 || degreesOfFreedom < 1) {
    return {
      ...base,
      chi_square: null,
      degrees_of_freedom: Math.max(0, degreesOfFreedom),
      p_value: null,
      mismatch: false,
      message:
        total === 0 ? "No assigned sessions yet." : "Only one variant receives traffic; nothing to check.",
    };
  }
  const chiSquare = live.reduce((sum, arm) => {
    const want = arm.share * total;
    return sum + (arm.observed - want) ** 2 / want;
  }, 0);
  const pValue = chiSquarePValue(chiSquare, degreesOfFreedom);
  const mismatch = pValue < SRM_ALPHA;
  return {
    ...base,
    chi_square: chiSquare,
    degrees_of_freedom: degreesOfFreedom,
    p_value: pValue,
    mismatch,
    message: mismatch
      ? `Sample ratio mismatch (chi² = ${chiSquare.toFixed(1)}, p = ${pValue.toExponential(1)}): the assignment counts do not fit the configured weights; check for lost assignment records or traffic that bypasses models.get before trusting the comparison.`
      : `Assignment counts fit the configured weights (chi² = ${chiSquare.toFixed(2)}, p = ${pValue.toFixed(3)}).`,
  };
}
