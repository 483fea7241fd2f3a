/**
 * Splits the server's 400 `invalid_body` message ("Invalid request body: variants.1.weight: must
 * be ≤ 100 …; variants: weights add up to 110 …. Send {…}") into one message per field path, so
 * each can be shown next to its input.
 */

export interface FieldErrors {
  /** Field path (`variants.1.weight`, `targeting.rules.0.conditions.1.value`) → its messages. */
  byField: Map<string, string[]>;
  /** Whatever names no field (or the whole message when it is not a field list). */
  general: string | null;
}

const PREFIX = "Invalid request body: ";
// An issue starts with a path and ": ". Messages themselves may contain "; " inside parentheses,
// so only a "; " followed by another path starts a new issue.
const ISSUE_SEPARATOR = /; (?=[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*: )/;
const ISSUE = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*): ([\s\S]*)$/;

/**
 * @example
 * parseFieldErrors("Invalid request body: key: must be 1–100 characters …. Send {…}").byField.get("key");
 * // ["must be 1–100 characters …"]
 */
export function parseFieldErrors(message: string | null | undefined): FieldErrors {
  const byField = new Map<string, string[]>();
  if (!message) return { byField, general: null };
  if (!message.startsWith(PREFIX)) return { byField, general: message };
  let body = message.slice(PREFIX.length);
  const shape = body.lastIndexOf(". Send {");
  if (shape >= 0) body = body.slice(0, shape);
  const general: string[] = [];
  for (const issue of body.split(ISSUE_SEPARATOR)) {
    const match = ISSUE.exec(issue.trim());
    if (!match || match[1] === "body") {
      general.push(match ? (match[2] as string) : issue);
      continue;
    }
    const path = match[1] as string;
    byField.set(path, [...(byField.get(path) ?? []), (match[2] as string).replace(/\.$/, "")]);
  }
  return { byField, general: general.length > 0 ? general.join("; ") : null };
}

/** The messages for `path` and every path below it (`variants` also gets `variants.0.model`). */
export function errorsUnder(errors: FieldErrors, path: string, exact = true): string[] {
  if (exact) return errors.byField.get(path) ?? [];
  const out: string[] = [];
  for (const [field, messages] of errors.byField) {
    if (field === path || field.startsWith(`${path}.`)) out.push(...messages.map((m) => `${field}: ${m}`));
  }
  return out;
}
