/**
 * How a variable's value is written into a template, and how a targeting context value becomes
 * the string rules compare (SPEC §8.2, §7.2 step 4). Both SDKs implement the same table; the
 * shared vectors in `protocol/ab-test-vectors.json` pin it down.
 */

/**
 * The text of a value, or `undefined` for null/undefined (the placeholder is then left as written).
 * Booleans are lowercase (`true`), numbers use JS `String(x)` (`1.0` → `1`), objects and arrays are
 * compact JSON.
 *
 * @example
 * formatTemplateValue(true); // "true"
 * formatTemplateValue([1, "a"]); // '[1,"a"]'
 */
export function formatTemplateValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  switch (typeof value) {
    case "string":
      return value;
    case "boolean":
      return value ? "true" : "false";
    case "number":
    case "bigint":
      return String(value);
    default:
      // Functions and symbols have no JSON form; String() keeps the call from throwing.
      return JSON.stringify(value) ?? String(value);
  }
}
