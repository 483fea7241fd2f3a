/**
 * The bucket walk of SPEC §7.3. The arithmetic is kept exactly as the published SDKs do it
 * (a running double `cumulative += weight * 10_000`, strict `<`), so fractional weights land on
 * the same boundary in JavaScript and Python.
 */

/**
 * The index of the variant that owns `bucket`. Weights summing below 100 give the remainder to the
 * last variant; weights above 100 simply end the walk early.
 *
 * @example
 * pickWeightedVariant([80, 20], 675_516); // 0
 * pickWeightedVariant([30, 30], 675_516); // 1 (the remainder goes to the last variant)
 */
export function pickWeightedVariant(weights: readonly number[], bucket: number): number {
  if (weights.length === 0) throw new RangeError("A config needs at least one variant to pick from.");
  let cumulative = 0;
  for (let index = 0; index < weights.length; index += 1) {
    cumulative += (weights[index] as number) * 10_000;
    if (bucket < cumulative) return index;
  }
  return weights.length - 1;
}

/**
 * The share of sessions (0..1) each variant actually gets: its weight, the last one also the rest
 * below 100, and nothing past 100 (the walk stops there).
 *
 * @example
 * effectiveShares([30, 30]); // [0.3, 0.7]
 */
export function effectiveShares(weights: readonly number[]): number[] {
  const shares: number[] = [];
  let used = 0;
  weights.forEach((weight, index) => {
    const isLast = index === weights.length - 1;
    const share = isLast ? Math.max(0, 100 - used) : Math.min(Math.max(weight, 0), Math.max(0, 100 - used));
    shares.push(share / 100);
    used += share;
  });
  return shares;
}
