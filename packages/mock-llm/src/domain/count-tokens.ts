/**
 * Counts the tokens of a text the way every mock endpoint does: one token per started group of four
 * Unicode code points (`Math.ceil(codePoints / 4)`). Code points rather than UTF-16 units so that a
 * Python test (`len(text)`) computes the same numbers.
 *
 * @example
 * ```ts
 * countTokens("Hello!"); // 2
 * countTokens(""); // 0
 * ```
 */
export function countTokens(text: string): number {
  return Math.ceil(countCodePoints(text) / 4);
}

/**
 * Cuts a text down to at most `maxTokens` tokens (4 code points each) and says whether it was cut.
 *
 * @example
 * ```ts
 * truncateToTokens("abcdefghij", 2); // { text: "abcdefgh", truncated: true }
 * ```
 */
export function truncateToTokens(text: string, maxTokens: number): { text: string; truncated: boolean } {
  const codePoints = Array.from(text);
  const limit = Math.max(0, maxTokens) * 4;
  if (codePoints.length <= limit) return { text, truncated: false };
  return { text: codePoints.slice(0, limit).join(""), truncated: true };
}

function countCodePoints(text: string): number {
  let count = 0;
  for (const _codePoint of text) count++;
  return count;
}
