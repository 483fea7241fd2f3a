/**
 * The three versioned resources of the management API, bound to their schemas and stores.
 */
import type { Context } from "hono";
import type { z } from "zod";
import type { ConfigPayload } from "../../store/configs-repository.js";
import type { PromptAbTestPayload } from "../../store/prompt-ab-tests-repository.js";
import type { PromptPayload } from "../../store/prompts-repository.js";
import { ApiError } from "../api-error.js";
import type { AppEnv } from "../app-env.js";
import {
  CONFIG_SHAPE,
  configCreateSchema,
  configVersionSchema,
  PROMPT_AB_SHAPE,
  PROMPT_SHAPE,
  promptAbCreateSchema,
  promptAbVersionSchema,
  promptCreateSchema,
  promptVersionSchema,
} from "./ab-body-schemas.js";
import type { VersionedResource } from "./versioned-management-routes.js";

export const configResource: VersionedResource<
  ConfigPayload,
  z.output<typeof configCreateSchema>,
  z.output<typeof configVersionSchema>
> = {
  path: "configs",
  noun: "config",
  code: "config",
  objects: (ab) => ab.configs,
  createSchema: configCreateSchema,
  versionSchema: configVersionSchema,
  shape: CONFIG_SHAPE,
  toPayload: (body): ConfigPayload => ({ variants: body.variants, targeting: body.targeting ?? null }),
};

export const promptResource: VersionedResource<
  PromptPayload,
  z.output<typeof promptCreateSchema>,
  z.output<typeof promptVersionSchema>
> = {
  path: "prompts",
  noun: "prompt",
  code: "prompt",
  objects: (ab) => ab.prompts,
  createSchema: promptCreateSchema,
  versionSchema: promptVersionSchema,
  shape: PROMPT_SHAPE,
  toPayload: (body): PromptPayload => ({
    system_prompt: body.system_prompt,
    user_template: body.user_template,
  }),
};

/** Every variant must name an existing prompt, and a pinned version must exist. */
async function checkPromptsExist(c: Context<AppEnv>, projectId: string, payload: PromptAbTestPayload) {
  const prompts = c.get("services").ab.prompts;
  for (const [index, variant] of payload.variants.entries()) {
    const exists =
      variant.prompt_version === null
        ? await prompts.get(projectId, variant.prompt_key)
        : await prompts.getVersion(projectId, variant.prompt_key, variant.prompt_version);
    if (!exists) {
      const what =
        variant.prompt_version === null
          ? `prompt_key: there is no prompt "${variant.prompt_key}"`
          : `prompt_version: prompt "${variant.prompt_key}" has no version ${variant.prompt_version}`;
      throw new ApiError(
        400,
        "invalid_body",
        `Invalid request body: variants.${index}.${what}. Create it first with POST /api/v1/prompts (GET /api/v1/prompts lists them).`,
      );
    }
  }
}

export const promptAbTestResource: VersionedResource<
  PromptAbTestPayload,
  z.output<typeof promptAbCreateSchema>,
  z.output<typeof promptAbVersionSchema>
> = {
  path: "prompt-ab-tests",
  noun: "prompt A/B test",
  code: "prompt_ab_test",
  objects: (ab) => ab.promptAbTests,
  createSchema: promptAbCreateSchema,
  versionSchema: promptAbVersionSchema,
  shape: PROMPT_AB_SHAPE,
  toPayload: (body): PromptAbTestPayload => ({
    variants: body.variants.map((variant) => ({
      prompt_key: variant.prompt_key,
      prompt_version: variant.prompt_version,
      weight: variant.weight,
    })),
  }),
  check: checkPromptsExist,
};
