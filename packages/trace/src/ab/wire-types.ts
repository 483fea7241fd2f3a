/**
 * What `GET /configs`, `GET /prompts` and `GET /prompt-ab-tests` send (SPEC §5.5, §7.1, §8.1), and
 * tolerant readers for them: a malformed entry is skipped rather than failing the whole refresh,
 * because one bad object must not take every other config offline.
 */

export interface ModelVariant {
  model: string;
  /** Percent of sessions; fractions allowed; the sum may be below 100. */
  weight: number;
}

export interface IndividualTarget {
  field: string;
  value: unknown;
  variantIndex: number;
}

export interface TargetingCondition {
  field: string;
  operator: string;
  value: unknown;
}

export interface TargetingRule {
  conditions: TargetingCondition[];
  variantIndex: number;
}

/** SPEC §7.1 targeting; only an explicit `enabled: false` disables it. */
export interface Targeting {
  enabled?: boolean;
  individualTargets?: IndividualTarget[];
  rules?: TargetingRule[];
}

/** One config version (SPEC §7.1), variants always as an array. */
export interface ModelConfig {
  key: string;
  version: number;
  variants: ModelVariant[];
  targeting: Targeting | null;
}

/** One prompt version (SPEC §8.1). */
export interface PromptVersion {
  key: string;
  version: number;
  systemPrompt: string;
  userTemplate: string;
}

export interface PromptAbVariant {
  promptKey: string;
  /** null: the prompt's current version. */
  promptVersion: number | null;
  weight: number;
}

/** One prompt A/B test version (SPEC §8.1). */
export interface PromptAbTest {
  key: string;
  version: number;
  variants: PromptAbVariant[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);

/**
 * Reads one config; `version` missing → 1; `variants` may be an object `{name: variant}` (values in
 * insertion order). Undefined when it has no usable variant.
 *
 * @example readConfig({ key: "k", variants: [{ model: "gpt-4o", weight: 100 }] })?.version // 1
 */
export function readConfig(value: unknown): ModelConfig | undefined {
  if (!isRecord(value) || typeof value.key !== "string") return undefined;
  const rawVariants = Array.isArray(value.variants)
    ? value.variants
    : isRecord(value.variants)
      ? Object.values(value.variants)
      : [];
  const variants: ModelVariant[] = [];
  for (const variant of rawVariants) {
    if (!isRecord(variant) || typeof variant.model !== "string") return undefined;
    variants.push({ model: variant.model, weight: isFiniteNumber(variant.weight) ? variant.weight : 0 });
  }
  if (variants.length === 0) return undefined;
  return {
    key: value.key,
    version: isFiniteNumber(value.version) ? value.version : 1,
    variants,
    targeting: isRecord(value.targeting) ? readTargeting(value.targeting) : null,
  };
}

function readTargeting(value: Record<string, unknown>): Targeting {
  const targets = Array.isArray(value.individualTargets) ? value.individualTargets : [];
  const rules = Array.isArray(value.rules) ? value.rules : [];
  return {
    ...(value.enabled === false ? { enabled: false } : {}),
    individualTargets: targets.filter(isRecord).map((target) => ({
      field: String(target.field),
      value: target.value,
      variantIndex: toIndex(target.variantIndex),
    })),
    rules: rules.filter(isRecord).map((rule) => ({
      conditions: (Array.isArray(rule.conditions) ? rule.conditions : [])
        .filter(isRecord)
        .map((condition) => ({
          field: String(condition.field),
          operator: String(condition.operator),
          value: condition.value,
        })),
      variantIndex: toIndex(rule.variantIndex),
    })),
  };
}

/** A non-integer index can never select a variant; -1 makes hashing decide. */
const toIndex = (value: unknown): number => (Number.isInteger(value) ? (value as number) : -1);

/**
 * Reads one `GET /prompts` entry; null texts become `""`.
 *
 * @example readPromptVersion({ key: "p", version: 2, system_prompt: "Hi", user_template: null })?.userTemplate // ""
 */
export function readPromptVersion(value: unknown): PromptVersion | undefined {
  if (!isRecord(value) || typeof value.key !== "string" || !Number.isInteger(value.version)) return undefined;
  return {
    key: value.key,
    version: value.version as number,
    systemPrompt: typeof value.system_prompt === "string" ? value.system_prompt : "",
    userTemplate: typeof value.user_template === "string" ? value.user_template : "",
  };
}

/**
 * Reads one `GET /prompt-ab-tests` entry. Undefined when it has no usable variant.
 *
 * @example readPromptAbTest({ key: "t", version: 1, variants: [{ prompt_key: "p", prompt_version: null, weight: 100 }] })
 */
export function readPromptAbTest(value: unknown): PromptAbTest | undefined {
  if (!isRecord(value) || typeof value.key !== "string" || !Array.isArray(value.variants)) return undefined;
  const variants: PromptAbVariant[] = [];
  for (const variant of value.variants) {
    if (!isRecord(variant) || typeof variant.prompt_key !== "string") return undefined;
    variants.push({
      promptKey: variant.prompt_key,
      promptVersion: Number.isInteger(variant.prompt_version) ? (variant.prompt_version as number) : null,
      weight: isFiniteNumber(variant.weight) ? variant.weight : 0,
    });
  }
  if (variants.length === 0) return undefined;
  return { key: value.key, version: isFiniteNumber(value.version) ? value.version : 1, variants };
}
