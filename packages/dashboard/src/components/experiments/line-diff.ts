/**
 * A small line diff (longest common subsequence), enough to compare two prompt versions without
 * a diff dependency. Common leading and trailing lines are matched first, so the quadratic table
 * only covers the changed middle; past {@link MAX_TABLE_CELLS} the middle is shown as removed
 * then added rather than freezing the tab.
 */

export type DiffLine =
  | { type: "same"; text: string; oldLine: number; newLine: number }
  | { type: "removed"; text: string; oldLine: number }
  | { type: "added"; text: string; newLine: number };

/** Above this many cells (changed old lines × changed new lines) no LCS is computed. */
export const MAX_TABLE_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  return text === "" ? [] : text.split(/\r?\n/);
}

/**
 * @example
 * diffLines("a\nb\nc", "a\nB\nc");
 * // [same a, removed b, added B, same c]
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++)
    out.push({ type: "same", text: a[i] as string, oldLine: i + 1, newLine: i + 1 });

  const rows = endA - start;
  const cols = endB - start;
  if (rows * cols > MAX_TABLE_CELLS) {
    for (let i = start; i < endA; i++) out.push({ type: "removed", text: a[i] as string, oldLine: i + 1 });
    for (let j = start; j < endB; j++) out.push({ type: "added", text: b[j] as string, newLine: j + 1 });
  } else {
    // lcs[i][j] = LCS length of a[start+i..endA) and b[start+j..endB), flattened.
    const width = cols + 1;
    const lcs = new Uint32Array((rows + 1) * width);
    for (let i = rows - 1; i >= 0; i--) {
      for (let j = cols - 1; j >= 0; j--) {
        lcs[i * width + j] =
          a[start + i] === b[start + j]
            ? (lcs[(i + 1) * width + j + 1] as number) + 1
            : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
      }
    }
    let i = 0;
    let j = 0;
    while (i < rows || j < cols) {
      const oldIndex = start + i;
      const newIndex = start + j;
      if (i < rows && j < cols && a[oldIndex] === b[newIndex]) {
        out.push({ type: "same", text: a[oldIndex] as string, oldLine: oldIndex + 1, newLine: newIndex + 1 });
        i++;
        j++;
      } else if (
        i < rows &&
        (j === cols || (lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number))
      ) {
        // Removals first on a tie, so a changed line reads "- old" then "+ new".
        out.push({ type: "removed", text: a[oldIndex] as string, oldLine: oldIndex + 1 });
        i++;
      } else {
        out.push({ type: "added", text: b[newIndex] as string, newLine: newIndex + 1 });
        j++;
      }
    }
  }
  for (let k = 0; k < a.length - endA; k++) {
    out.push({ type: "same", text: a[endA + k] as string, oldLine: endA + k + 1, newLine: endB + k + 1 });
  }
  return out;
}
