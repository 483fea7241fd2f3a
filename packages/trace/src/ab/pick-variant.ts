/**
 * The bucket walk of SPEC §7.3. The arithmetic copies the published SDKs exactly (a running
 * double `cumulative += weight * 10_000` and a strict `<`), so fractional weights fall on the same
 * boundary in JavaScript and Python.
 */

/**
 * The index of the variant owning `bucket`. Weights summing below 100 leave the remainder to the
 * last variant; past 100 the walk just ends early.
 *
 * @throws RangeError when `weights` is empty (a config always has at least one variant).
 * @example pickVariant([80, 20], 801_389) // 1
 * @example pickVariant([30, 30], 675_516) // 1 (the remainder goes to the last variant)
 */
export function pickVariant(weights: readonly number[], bucket: number): number {
  if (weights.length === 0) throw new RangeError("pickVariant needs at least one variant weight.");
  let cumulative = 0;
  for (let index = 0; index < weights.length; index += 1) {
    cumulative += (weights[index] as number) * 10_000;
    if (bucket < cumulative) return index;
  }
  return weights.length - 1;
}
