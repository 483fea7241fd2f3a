/**
 * SPEC §8.2 prompt templating, identical in both SDKs: `{{ name }}` placeholders and nothing else
 * (no dotted paths, filters, conditionals or escaping). Pure.
 */
import { formatTemplateValue } from "./format-template-value.js";

/**
 * SPEC's `\{\{\s*([A-Za-z0-9_]+)\s*\}\}` as Python's `re.ASCII` reads it: JavaScript's `\s` would
 * also accept Unicode spaces (U+00A0, U+2028…), which Python's ASCII `\s` does not.
 */
const PLACEHOLDER = /\{\{[\t\n\v\f\r ]*([A-Za-z0-9_]+)[\t\n\v\f\r ]*\}\}/g;

/**
 * Replaces `{{ name }}` placeholders. Unknown variables and null/undefined values are left exactly
 * as written; extra variables are ignored; values are inserted literally (`$&` stays `$&`).
 *
 * @example renderTemplate("Hi {{name}} {{flag}}", { name: "Ann", flag: true }) // "Hi Ann true"
 */
export function renderTemplate(template: string, variables: Readonly<Record<string, unknown>> = {}): string {
  if (!template.includes("{{")) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    // Own properties only: `{{constructor}}` must not render Object.prototype.constructor.
    if (!Object.hasOwn(variables, name)) return whole;
    return formatTemplateValue(variables[name]) ?? whole;
  });
}
