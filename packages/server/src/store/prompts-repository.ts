/**
 * Prompts (SPEC §8.1): immutable versions of a system prompt and a user template, one current
 * version per key. Both texts are stored as strings, `""` rather than null.
 */
import type { Database } from "./open-database.js";
import { type VersionedObjects, versionedObjects } from "./versioned-objects.js";

export interface PromptPayload {
  system_prompt: string;
  user_template: string;
}

/**
 * @example
 * const prompts = promptsRepository(database);
 * await prompts.create("default", "onboarding", { system_prompt: "You are {{role}}.", user_template: "Hi {{name}}" });
 */
export function promptsRepository(database: Database): VersionedObjects<PromptPayload> {
  return versionedObjects<PromptPayload>(database, {
    heads: "prompts",
    versions: "prompt_versions",
    payloadColumns: ["system_prompt", "user_template"],
    toColumns: (payload) => ({ system_prompt: payload.system_prompt, user_template: payload.user_template }),
    fromColumns: (row) => ({
      system_prompt: (row.system_prompt as string | null) ?? "",
      user_template: (row.user_template as string | null) ?? "",
    }),
  });
}
