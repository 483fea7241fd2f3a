/**
 * What the config, prompt and experiment routes need from storage (SPEC §5.5, §5.8, §7, §8),
 * scoped by project on every call. `create-ab-api.ts` binds it to the store.
 */
import type { ConfigPayload } from "../store/configs-repository.js";
import type {
  AssignmentCount,
  ExperimentCalls,
  ExperimentWindow,
  SessionCustomMetrics,
} from "../store/experiment-queries.js";
import type { PromptAbTestPayload } from "../store/prompt-ab-tests-repository.js";
import type { PromptPayload } from "../store/prompts-repository.js";
import type { SessionAssignmentInput } from "../store/session-assignment-repository.js";
import type { VersionedObjects } from "../store/versioned-objects.js";

export interface AbApi {
  configs: VersionedObjects<ConfigPayload>;
  prompts: VersionedObjects<PromptPayload>;
  promptAbTests: VersionedObjects<PromptAbTestPayload>;
  /** `POST /sessions`: upsert keeping `first_seen`. */
  recordAssignment(projectId: string, input: SessionAssignmentInput): Promise<void>;
  modelExperimentData(
    projectId: string,
    configKey: string,
    window: ExperimentWindow & { matchModel?: boolean },
  ): Promise<{
    calls: ExperimentCalls;
    assignments: AssignmentCount[];
    customMetrics: SessionCustomMetrics[];
  }>;
  promptExperimentData(
    projectId: string,
    abTestKey: string,
    window: ExperimentWindow,
  ): Promise<{ calls: ExperimentCalls; customMetrics: SessionCustomMetrics[] }>;
}
