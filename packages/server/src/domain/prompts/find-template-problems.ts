/**
 * Template checks for the management API: `{{…}}` that looks like a placeholder but is not one
 * (`{{ user.name }}`, `{{ name | upper }}`, `{{#if x}}`) would be sent to the model literally,
 * which is almost never what the author meant, so saving it is refused with the reason.
 */
import { PLACEHOLDER_PATTERN } from "./render-template.js";

// Short, single-line `{{…}}` without nested braces: what a person types as a placeholder.
const PLACEHOLDER_LIKE = /\{\{([^{}\n]{1,100})\}\}/g;
const VALID_INSIDE = /^\s*[A-Za-z0-9_]+\s*$/;

/**
 * The problems of one template, as sentences; empty when it is fine.
 *
 * @example
 * findTemplateProblems("Hi {{ user.name }}");
 * // ['"{{ user.name }}" is not a placeholder: …']
 */
export function findTemplateProblems(template: string): string[] {
  const problems: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER_LIKE)) {
    const inside = match[1] ?? "";
    if (VALID_INSIDE.test(inside)) continue;
    problems.push(
      `"${match[0]}" is not a placeholder: names are ASCII letters, digits and _ only, as in {{ user_name }} (no dotted paths, filters, conditionals or loops)`,
    );
  }
  return problems;
}

/**
 * The variable names a template uses, in order of first use.
 *
 * @example
 * listTemplateVariables("{{a}} {{ b }} {{a}}"); // ["a", "b"]
 */
export function listTemplateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER_PATTERN)) names.add(match[1] as string);
  return [...names];
}
