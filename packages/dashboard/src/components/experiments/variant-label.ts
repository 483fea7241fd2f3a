/** `A`, `B`, … `Z`, then `V27`: the same labels the experiments API uses. */
export function variantLabel(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `V${index + 1}`;
}
