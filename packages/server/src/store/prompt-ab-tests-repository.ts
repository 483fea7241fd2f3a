/**
 * Prompt A/B tests (SPEC §8.1): immutable versions of weighted variants, each a prompt key and a
 * pinned version (or null for the prompt's current version).
 */
import type { Database } from "./open-database.js";
import { type VersionedObjects, versionedObjects } from "./versioned-objects.js";

export interface PromptAbVariant {
  prompt_key: string;
  /** Null: the prompt's current version at the time the SDK resolves it. */
  prompt_version: number | null;
  /** Percent of sessions. */
  weight: number;
}

export interface PromptAbTestPayload {
  variants: PromptAbVariant[];
}

/**
 * @example
 * const tests = promptAbTestsRepository(database);
 * await tests.create("default", "onboarding-test", { variants: [
 *   { prompt_key: "onboarding", prompt_version: 1, weight: 50 },
 *   { prompt_key: "onboarding", prompt_version: null, weight: 50 },
 * ] });
 */
export function promptAbTestsRepository(database: Database): VersionedObjects<PromptAbTestPayload> {
  return versionedObjects<PromptAbTestPayload>(database, {
    heads: "prompt_ab_tests",
    versions: "prompt_ab_test_versions",
    payloadColumns: ["variants"],
    toColumns: (payload) => ({ variants: JSON.stringify(payload.variants) }),
    fromColumns: (row) => ({ variants: JSON.parse(row.variants as string) as PromptAbVariant[] }),
  });
}
