/**
 * Prompt templating (SPEC §8.2): `{{ name }}` placeholders, nothing else. The same rules run in
 * both SDKs, so one prompt renders to the same bytes in TypeScript and Python (the original
 * Python SDK wrote `True` where TypeScript wrote `true`).
 */
import { formatTemplateValue } from "./format-template-value.js";

/** The one placeholder form: ASCII letters, digits and `_`, optional spaces inside the braces. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * Replaces every placeholder whose variable has a non-null value. Unknown variables, and null or
 * undefined values, leave the placeholder exactly as written; extra variables are ignored.
 *
 * @example
 * renderTemplate("Hi {{ name }}, {{ missing }}", { name: "Ann" }); // "Hi Ann, {{ missing }}"
 */
export function renderTemplate(template: string, variables: Readonly<Record<string, unknown>> = {}): string {
  return template.replace(PLACEHOLDER_PATTERN, (whole, name: string) => {
    // Own properties only: `{{constructor}}` must not render Object.prototype.constructor.
    if (!Object.hasOwn(variables, name)) return whole;
    return formatTemplateValue(variables[name]) ?? whole;
  });
}
