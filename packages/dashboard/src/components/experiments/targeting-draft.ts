/**
 * The targeting rule builder's editable state and its conversion to and from the wire object
 * (SPEC §7.1). `in`/`nin` values are typed as a comma-separated list and sent as arrays.
 */
import type { Targeting, TargetingOperator } from "../../pages/experiments/experiment-types.js";

export interface ConditionDraft {
  field: string;
  operator: TargetingOperator;
  /** Comma-separated for `in`/`nin`. */
  value: string;
}

export interface TargetingDraft {
  enabled: boolean;
  individualTargets: Array<{ field: string; value: string; variantIndex: number }>;
  rules: Array<{ conditions: ConditionDraft[]; variantIndex: number }>;
}

export const EMPTY_TARGETING: TargetingDraft = { enabled: true, individualTargets: [], rules: [] };

export const isListOperator = (operator: string): boolean => operator === "in" || operator === "nin";

/** `"pro, team"` → `["pro", "team"]` (empty entries dropped). */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

export function fromTargeting(targeting: Targeting | null | undefined): TargetingDraft {
  if (!targeting) return EMPTY_TARGETING;
  return {
    enabled: targeting.enabled !== false,
    individualTargets: (targeting.individualTargets ?? []).map((target) => ({ ...target })),
    rules: (targeting.rules ?? []).map((rule) => ({
      variantIndex: rule.variantIndex,
      conditions: rule.conditions.map((condition) => ({
        field: condition.field,
        operator: condition.operator,
        value: Array.isArray(condition.value) ? condition.value.join(", ") : condition.value,
      })),
    })),
  };
}

/** Null when there is nothing to target (the server stores null: targeting off). */
export function toTargeting(draft: TargetingDraft): Targeting | null {
  if (draft.individualTargets.length === 0 && draft.rules.length === 0) return null;
  return {
    enabled: draft.enabled,
    individualTargets: draft.individualTargets.map((target) => ({
      field: target.field.trim(),
      value: target.value,
      variantIndex: target.variantIndex,
    })),
    rules: draft.rules.map((rule) => ({
      variantIndex: rule.variantIndex,
      conditions: rule.conditions.map((condition) => ({
        field: condition.field.trim(),
        operator: condition.operator,
        value: isListOperator(condition.operator) ? splitList(condition.value) : condition.value,
      })),
    })),
  };
}
