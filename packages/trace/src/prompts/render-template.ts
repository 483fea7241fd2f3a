/** SPEC §8.2 prompt templating, identical in both SDKs. Pure. */

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * Replaces `{{ name }}` placeholders. Unknown variables and null/undefined values are left as
 * written; booleans render lowercase; objects and arrays as compact JSON.
 *
 * @example renderTemplate("Hi {{name}} {{flag}}", { name: "Ann", flag: true }) // "Hi Ann true"
 */
export function renderTemplate(template: string, variables: Record<string, unknown> = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!Object.hasOwn(variables, name)) return whole;
    const value = variables[name];
    if (value === null || value === undefined) return whole;
    if (typeof value === "string") return value;
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  });
}
