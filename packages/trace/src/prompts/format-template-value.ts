/**
 * The text form of a value (SPEC §8.2): how a template variable is written into a prompt, and how
 * a targeting context value becomes the string a rule compares (SPEC §7.2 step 4). The Python SDK
 * implements the same table; `protocol/ab-test-vectors.json` keeps the two identical.
 */

/**
 * The text of `value`, or undefined for null/undefined (a placeholder is then left as written and
 * a targeting field counts as missing). Booleans are lowercase, numbers use `String(x)` (`1.0` →
 * `1`), objects and arrays are compact JSON.
 *
 * @example formatTemplateValue(true) // "true"
 * @example formatTemplateValue([1, "a"]) // '[1,"a"]'
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
      // Functions and symbols have no JSON form; String() keeps rendering from throwing.
      return safeJson(value) ?? String(value);
  }
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    // Cycles and BigInts inside objects: still render something instead of throwing at the caller.
    return undefined;
  }
}
