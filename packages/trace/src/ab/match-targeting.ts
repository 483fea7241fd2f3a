/**
 * Targeting (SPEC §7.2 step 4): the first individual target whose field equals its value wins,
 * else the first rule whose conditions all hold, else nothing (the weights decide). Every
 * comparison is on strings; a missing field, a value of the wrong type or an unknown operator
 * never matches. Pure.
 */
import { formatTemplateValue } from "../prompts/format-template-value.js";
import type { Targeting, TargetingCondition } from "./wire-types.js";

/**
 * The strings targeting compares: every context value in its SPEC §8.2 text form (null and
 * undefined are dropped, so they count as missing), with `customerId` on top when given.
 *
 * @example toTargetingContext({ plan: "pro", beta: true }, "user-42")
 * // Map { "plan" → "pro", "beta" → "true", "customerId" → "user-42" }
 */
export function toTargetingContext(
  context: Readonly<Record<string, unknown>> | undefined,
  customerId?: string | null,
): Map<string, string> {
  const strings = new Map<string, string>();
  if (context) {
    for (const field of Object.keys(context)) {
      const text = formatTemplateValue(context[field]);
      if (text !== undefined) strings.set(field, text);
    }
  }
  if (typeof customerId === "string") strings.set("customerId", customerId);
  return strings;
}

/**
 * Whether one condition holds: `eq`/`neq` take a string, `in`/`nin` an array, `contains`/
 * `startsWith`/`endsWith` a string.
 *
 * @example matchesCondition({ field: "plan", operator: "in", value: ["pro"] }, new Map([["plan", "pro"]])) // true
 */
export function matchesCondition(
  condition: TargetingCondition,
  context: ReadonlyMap<string, string>,
): boolean {
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

export interface TargetingMatch {
  via: "individual_target" | "rule";
  /** Not range-checked here: the caller falls back to hashing when it selects no variant. */
  variantIndex: number;
}

/**
 * The first matching individual target, else the first rule whose conditions all hold (a rule
 * without conditions matches everyone, as in the published SDKs), else undefined.
 *
 * @example matchTargeting({ individualTargets: [{ field: "customerId", value: "u1", variantIndex: 1 }] },
 *   toTargetingContext({}, "u1")) // { via: "individual_target", variantIndex: 1 }
 */
export function matchTargeting(
  targeting: Targeting | null | undefined,
  context: ReadonlyMap<string, string>,
): TargetingMatch | undefined {
  if (!targeting || targeting.enabled === false) return undefined;
  for (const target of targeting.individualTargets ?? []) {
    const actual = context.get(target.field);
    if (actual !== undefined && typeof target.value === "string" && actual === target.value) {
      return { via: "individual_target", variantIndex: target.variantIndex };
    }
  }
  for (const rule of targeting.rules ?? []) {
    if (rule.conditions.every((condition) => matchesCondition(condition, context))) {
      return { via: "rule", variantIndex: rule.variantIndex };
    }
  }
  return undefined;
}
