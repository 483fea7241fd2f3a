/**
 * What the prompt editor tells its author about a template: the `{{ name }}` variables it uses,
 * and `{{…}}` that look like placeholders but are not (the server refuses those, SPEC §8.2).
 * Same patterns as the server's `find-template-problems.ts`.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const PLACEHOLDER_LIKE = /\{\{([^{}\n]{1,100})\}\}/g;
const VALID_INSIDE = /^\s*[A-Za-z0-9_]+\s*$/;

/** @example listTemplateVariables("{{a}} {{ b }} {{a}}") // ["a", "b"] */
export function listTemplateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) names.add(match[1] as string);
  return [...names];
}

/** @example findInvalidPlaceholders("Hi {{ user.name }}") // ["{{ user.name }}"] */
export function findInvalidPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER_LIKE)]
    .filter((match) => !VALID_INSIDE.test(match[1] ?? ""))
    .map((match) => match[0]);
}
