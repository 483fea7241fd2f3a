/**
 * Request bodies of the config, prompt and prompt A/B test management endpoints (SPEC §5.8,
 * §7.1, §8.1). Every rule failure becomes one 400 naming the field (`variants.1.weight: …`).
 */
import { z } from "zod";
import { TARGETING_OPERATORS } from "../../domain/ab/model-config.js";
import { findTemplateProblems } from "../../domain/prompts/find-template-problems.js";

/** Weights may fall short of 100 by this much before the remainder counts; also the rounding slack above. */
const WEIGHT_EPSILON = 1e-9;

/**
 * Keys travel unencoded in the published SDKs' URLs (`/configs/{key}/version/{v}`), so they are
 * limited to characters that need no encoding.
 */
export const keySchema = z
  .string({ error: "is required: letters, digits, '-', '_' or '.', e.g. \"summarizer\"" })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
    error: "must be 1–100 characters of letters, digits, '-', '_' or '.', starting with a letter or digit",
  });

const weightSchema = z
  .number({ error: "must be a number: the percent of sessions (0–100, fractions allowed)" })
  .min(0, { error: "must be ≥ 0 (percent of sessions)" })
  .max(100, { error: "must be ≤ 100 (percent of sessions)" });

const variantIndexSchema = z
  .number({ error: "must be the 0-based index of a variant" })
  .int({ error: "must be a whole number: the 0-based index of a variant" })
  .min(0, { error: "must be ≥ 0: the 0-based index of a variant" });

const noteSchema = z
  .string({ error: "must be a string" })
  .max(2000, { error: "must be at most 2000 characters" });

function checkWeights(weights: number[], ctx: z.RefinementCtx): void {
  const sum = weights.reduce((total, weight) => total + weight, 0);
  if (sum > 100 + WEIGHT_EPSILON) {
    ctx.addIssue({
      code: "custom",
      path: ["variants"],
      message: `weights add up to ${Number(sum.toFixed(6))}; they must add up to at most 100 (percent of sessions; below 100 the last variant gets the rest)`,
    });
  }
}

const conditionSchema = z
  .strictObject({
    field: z
      .string({ error: 'is required: the context field to test, e.g. "plan"' })
      .min(1, { error: "must not be empty" }),
    operator: z.enum(TARGETING_OPERATORS, {
      error: `must be one of ${TARGETING_OPERATORS.join(", ")}`,
    }),
    value: z.union([z.string(), z.array(z.string({ error: "must be a string" }))], {
      error: "must be a string, or an array of strings for in/nin",
    }),
  })
  .superRefine((condition, ctx) => {
    const wantsArray = condition.operator === "in" || condition.operator === "nin";
    if (wantsArray !== Array.isArray(condition.value)) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: wantsArray
          ? `must be an array of strings for operator ${condition.operator}`
          : `must be a string for operator ${condition.operator} (arrays are for in/nin)`,
      });
    }
  });

const targetingSchema = z.strictObject({
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  individualTargets: z
    .array(
      z.strictObject({
        field: z.string({ error: 'is required, e.g. "customerId"' }).min(1, { error: "must not be empty" }),
        value: z.string({ error: "must be a string: targets compare exact strings" }),
        variantIndex: variantIndexSchema,
      }),
      { error: "must be an array of {field, value, variantIndex}" },
    )
    .max(1000)
    .optional(),
  rules: z
    .array(
      z.strictObject({
        conditions: z
          .array(conditionSchema, { error: "must be an array of {field, operator, value}" })
          .max(50),
        variantIndex: variantIndexSchema,
      }),
      { error: "must be an array of {conditions, variantIndex}" },
    )
    .max(200)
    .optional(),
});

const configVersionFields = {
  variants: z
    .array(
      z.strictObject({
        model: z
          .string({ error: "is required: the model name the SDK returns" })
          .trim()
          .min(1, { error: "must not be empty" }),
        weight: weightSchema,
      }),
      { error: 'is required: an array of {"model", "weight"}' },
    )
    .min(1, { error: "needs at least one variant" })
    .max(50, { error: "may have at most 50 variants" }),
  targeting: targetingSchema.nullish(),
  note: noteSchema.optional(),
};

function refineConfig(body: z.infer<z.ZodObject<typeof configVersionFields>>, ctx: z.RefinementCtx): void {
  checkWeights(
    body.variants.map((variant) => variant.weight),
    ctx,
  );
  const seen = new Map<string, number>();
  body.variants.forEach((variant, index) => {
    const first = seen.get(variant.model);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["variants", index, "model"],
        message: `repeats variant ${first}'s model "${variant.model}"; results are kept per model, so give each variant its own model`,
      });
    } else seen.set(variant.model, index);
  });
  const count = body.variants.length;
  const checkIndex = (index: number, path: Array<string | number>) => {
    if (index >= count) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `is ${index}, but there ${count === 1 ? "is 1 variant (index 0)" : `are ${count} variants (0–${count - 1})`}`,
      });
    }
  };
  for (const [index, target] of (body.targeting?.individualTargets ?? []).entries()) {
    checkIndex(target.variantIndex, ["targeting", "individualTargets", index, "variantIndex"]);
  }
  for (const [index, rule] of (body.targeting?.rules ?? []).entries()) {
    checkIndex(rule.variantIndex, ["targeting", "rules", index, "variantIndex"]);
  }
}

export const configVersionSchema = z.strictObject(configVersionFields).superRefine(refineConfig);
export const configCreateSchema = z
  .strictObject({ key: keySchema, description: noteSchema.optional(), ...configVersionFields })
  .superRefine(refineConfig);

export const CONFIG_SHAPE =
  'Send {"key": "summarizer", "variants": [{"model": "gpt-4o", "weight": 80}, {"model": "claude-sonnet-4-20250514", "weight": 20}], "targeting": {"enabled": true, "individualTargets": [{"field": "customerId", "value": "user-42", "variantIndex": 1}], "rules": [{"conditions": [{"field": "plan", "operator": "in", "value": ["pro"]}], "variantIndex": 1}]}, "note": "why"} (no "key" when adding a version).';

const templateSchema = (example: string) =>
  z
    .string({ error: `must be a string, e.g. "${example}"` })
    .max(200_000, { error: "must be at most 200,000 characters" })
    .superRefine((template, ctx) => {
      for (const problem of findTemplateProblems(template))
        ctx.addIssue({ code: "custom", message: problem });
    });

const promptVersionFields = {
  system_prompt: templateSchema("You are {{ role }}.").default(""),
  user_template: templateSchema("Hi {{ name }}").default(""),
  note: noteSchema.optional(),
};

export const promptVersionSchema = z.strictObject(promptVersionFields);
export const promptCreateSchema = z.strictObject({
  key: keySchema,
  description: noteSchema.optional(),
  ...promptVersionFields,
});

export const PROMPT_SHAPE =
  'Send {"key": "onboarding", "system_prompt": "You are {{ role }}.", "user_template": "Hi {{ name }}", "note": "why"} (no "key" when adding a version).';

const promptAbFields = {
  variants: z
    .array(
      z.strictObject({
        prompt_key: keySchema,
        prompt_version: z
          .number({ error: "must be a version number, or null for the prompt's current version" })
          .int({ error: "must be a whole version number" })
          .min(1, { error: "must be ≥ 1" })
          .nullable()
          .default(null),
        weight: weightSchema,
      }),
      { error: 'is required: an array of {"prompt_key", "prompt_version", "weight"}' },
    )
    .min(1, { error: "needs at least one variant" })
    .max(50, { error: "may have at most 50 variants" }),
  note: noteSchema.optional(),
};

const refinePromptAb = (body: { variants: Array<{ weight: number }> }, ctx: z.RefinementCtx) =>
  checkWeights(
    body.variants.map((variant) => variant.weight),
    ctx,
  );

export const promptAbVersionSchema = z.strictObject(promptAbFields).superRefine(refinePromptAb);
export const promptAbCreateSchema = z
  .strictObject({ key: keySchema, description: noteSchema.optional(), ...promptAbFields })
  .superRefine(refinePromptAb);

export const PROMPT_AB_SHAPE =
  'Send {"key": "onboarding-test", "variants": [{"prompt_key": "onboarding", "prompt_version": 1, "weight": 50}, {"prompt_key": "onboarding", "prompt_version": null, "weight": 50}]} (no "key" when adding a version; null = the prompt\'s current version).';

export const setCurrentSchema = z.strictObject({
  version: z
    .number({ error: "is required: the version number to make current" })
    .int({ error: "must be a whole version number" })
    .min(1, { error: "must be ≥ 1" }),
});
