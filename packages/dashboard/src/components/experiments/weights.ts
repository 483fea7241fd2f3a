/**
 * Weight arithmetic for the variant editors. The server accepts any sum ≤ 100 (the last variant
 * gets the rest, as the SDKs do), but the dashboard asks for exactly 100 (SPEC §7.1, ±0.01) so
 * what the editor shows is what the SDKs do.
 */

export const WEIGHT_TOLERANCE = 0.01;

/** A weight field's text as a number; an empty field counts as 0 so the sum stays readable while typing. */
export function parseWeight(weight: string): number {
  return weight.trim() === "" ? 0 : Number(weight);
}

/** Sum rounded to 6 decimals, so 33.33 + 33.33 + 33.34 reads 100. */
export function sumWeights(weights: readonly number[]): number {
  return Number(weights.reduce((sum, weight) => sum + (Number.isFinite(weight) ? weight : 0), 0).toFixed(6));
}

/** Why the weights cannot be saved, or null when they add up to 100. */
export function weightProblem(weights: readonly number[]): string | null {
  if (weights.some((weight) => !Number.isFinite(weight))) return "Every weight must be a number.";
  if (weights.some((weight) => weight < 0 || weight > 100)) return "Each weight must be between 0 and 100.";
  const sum = sumWeights(weights);
  if (Math.abs(sum - 100) <= WEIGHT_TOLERANCE) return null;
  return sum < 100
    ? `Weights add up to ${sum} %: ${Number((100 - sum).toFixed(6))} % still to assign.`
    : `Weights add up to ${sum} %: ${Number((sum - 100).toFixed(6))} % too much.`;
}

/**
 * Equal shares that add up to exactly 100 with two decimals (the last one takes the rounding).
 *
 * @example splitEvenly(3) // [33.33, 33.33, 33.34]
 */
export function splitEvenly(count: number): number[] {
  if (count <= 0) return [];
  const share = Math.floor(10_000 / count) / 100;
  const weights = Array.from({ length: count }, () => share);
  weights[count - 1] = Number((100 - share * (count - 1)).toFixed(2));
  return weights;
}
