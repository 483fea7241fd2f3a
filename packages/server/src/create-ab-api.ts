/**
 * Binds the routes' {@link AbApi} to the store.
 */
import type { AbApi } from "./http/ab-api.js";
import { configsRepository } from "./store/configs-repository.js";
import {
  countConfigAssignments,
  listConfigCustomMetrics,
  listModelExperimentCalls,
  listPromptExperimentCalls,
  listPromptTestCustomMetrics,
} from "./store/experiment-queries.js";
import type { Database } from "./store/open-database.js";
import { promptAbTestsRepository } from "./store/prompt-ab-tests-repository.js";
import { promptsRepository } from "./store/prompts-repository.js";
import { upsertSessionAssignment } from "./store/session-assignment-repository.js";

/**
 * @example
 * const ab = createAbApi(database);
 * await ab.configs.list("default");
 */
export function createAbApi(database: Database): AbApi {
  return {
    configs: configsRepository(database),
    prompts: promptsRepository(database),
    promptAbTests: promptAbTestsRepository(database),
    recordAssignment: (projectId, input) => upsertSessionAssignment(database, projectId, input),
    async modelExperimentData(projectId, configKey, window) {
      const [calls, assignments, customMetrics] = await Promise.all([
        listModelExperimentCalls(database, projectId, configKey, window),
        countConfigAssignments(database, projectId, configKey),
        listConfigCustomMetrics(database, projectId, configKey),
      ]);
      return { calls, assignments, customMetrics };
    },
    async promptExperimentData(projectId, abTestKey, window) {
      const [calls, customMetrics] = await Promise.all([
        listPromptExperimentCalls(database, projectId, abTestKey, window),
        listPromptTestCustomMetrics(database, projectId, abTestKey),
      ]);
      return { calls, customMetrics };
    },
  };
}
