/**
 * Targeting (SPEC §7.2 step 4): individual targets beat rules, rules beat the weights. Every
 * comparison is on strings; a missing field or an unknown operator never matches.
 */
import { formatTemplateValue } from "../prompts/format-template-value.js";
import type { Targeting, TargetingCondition } from "./model-config.js";

/** The values targeting sees: `context` with `customerId` on top when given. */
export type TargetingContext = Readonly<Record<string, unknown>>;

/**
 * The string form of every context value (§8.2 rules: `true`, `1`, compact JSON); null and
 * undefined values are dropped, so they count as missing fields.
 *
 * @example
 * toTargetingContext({ plan: "pro", beta: true }, "user-42");
 * // { plan: "pro", beta: "true", customerId: "user-42" }
 */
export function toTargetingContext(
  context: TargetingContext | undefined,
  customerId?: string | null,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, value] of Object.entries(context ?? {})) {
    const text = formatTemplateValue(value);
    if (text !== undefined) out.set(field, text);
  }
  if (customerId !== undefined && customerId !== null) out.set("customerId", customerId);
  return out;
}

/**
 * Whether one condition holds. `in`/`nin` need an array value and `contains`/`startsWith`/
 * `endsWith` a string value; anything else (a wrong value type, an unknown operator) is false.
 */
export function matchesCondition(condition: TargetingCondition, context: Map<string, string>): boolean {
  const actual = context.get(condition.field);
  if (actual === undefined) return false;
  const { value } = condition;
  switch (condition.operator) {
    case "eq":
      return typeof value === "string" && actual === value;
    case "neq":
      return typeof value === "string" && actual !== value;
    case "in":
      return Array.isArray(value) && value.includes(actual);
    case "nin":
      return Array.isArray(value) && !value.includes(actual);
    case "contains":
      return typeof value === "string" && actual.includes(value);
    case "startsWith":
      return typeof value === "string" && actual.startsWith(value);
    case "endsWith":
      return typeof value === "string" && actual.endsWith(value);
    default:
      return false;
  }
}

/** How the variant was chosen. */
export type TargetingMatch = { via: "individual_target" | "rule"; variantIndex: number; entry: number };

/**
 * The first matching individual target, else the first rule whose conditions all hold, else null.
 * The returned index is not range-checked here (see {@link assignVariant}).
 *
 * @example
 * evaluateTargeting({ rules: [{ conditions: [{ field: "plan", operator: "eq", value: "pro" }], variantIndex: 1 }] },
 *   toTargetingContext({ plan: "pro" }));
 * // { via: "rule", variantIndex: 1, entry: 0 }
 */
export function evaluateTargeting(
  targeting: Targeting | null | undefined,
  context: Map<string, string>,
): TargetingMatch | null {
  if (!targeting || targeting.enabled === false) return null;
  const targets = targeting.individualTargets ?? [];
  for (let entry = 0; entry < targets.length; entry += 1) {
    const target = targets[entry];
    if (!target) continue;
    const actual = context.get(target.field);
    if (actual !== undefined && typeof target.value === "string" && actual === target.value) {
      return { via: "individual_target", variantIndex: target.variantIndex, entry };
    }
  }
  const rules = targeting.rules ?? [];
  for (let entry = 0; entry < rules.length; entry += 1) {
    const rule = rules[entry];
    if (!rule) continue;
    // A rule with no conditions matches everyone (`every` of nothing), as in the published SDKs.
    if (rule.conditions.every((condition) => matchesCondition(condition, context))) {
      return { via: "rule", variantIndex: rule.variantIndex, entry };
    }
  }
  return null;
}
