import type { Accounts } from "../auth/create-accounts.js";
import type { ProjectDirectory } from "../auth/create-project-directory.js";
import type { ServerConfig } from "../config.js";
import type { NormalisedSpan, SpanRecord } from "../domain/span-record.js";
import type { IngestProject } from "../ingest/ingest-spans.js";
import type { AbApi } from "./ab-api.js";
import type { AdminApi } from "./admin-api.js";
import type { Page, Paged, ReadApi, SpanFilters } from "./read-api.js";
import type { Principal } from "./request-principal.js";

/** The project a request acts for, resolved from its API key or chosen by a dashboard session. */
export interface AuthedProject extends IngestProject {
  name: string;
}

/** Everything the routes reach; built once by `server.ts`, replaced by fakes nowhere. */
export interface Services {
  config: ServerConfig;
  /** Operator log (stdout by default); never sent to clients. */
  log(line: string): void;
  authenticate(authorization: string | undefined): Promise<AuthedProject | null>;
  writer: { isOverloaded(): boolean };
  ingest(project: AuthedProject, spans: NormalisedSpan[]): Promise<void>;
  saveCustomMetrics(
    projectId: string,
    configKey: string,
    sessionId: string,
    data: Record<string, number | string | boolean>,
  ): Promise<void>;
  readMedia(projectId: string, sha256: string): Promise<{ bytes: Uint8Array; mimeType: string } | null>;
  read: ReadApi;
  /** Keys, prices, cost recompute and settings (SPEC §5.8 admin rows). */
  admin: AdminApi;
  /** Model configs, prompts, prompt A/B tests, assignments and experiment data (SPEC §7, §8). */
  ab: AbApi;
  /** Dashboard users, sessions, first-admin setup and login. */
  accounts: Accounts;
  /** The install's projects, and one loaded for a dashboard request (null when unknown). */
  projects: ProjectDirectory & { load(projectId: string): Promise<AuthedProject | null> };
  /** Spans matching the filters and, when given, a text in their prompt or completion. */
  searchSpans(
    projectId: string,
    filters: SpanFilters,
    text: string | undefined,
    page: Page & { includeContent: boolean },
  ): Promise<Paged<SpanRecord>>;
}

export interface AppEnv {
  Variables: {
    services: Services;
    project: AuthedProject;
    principal: Principal;
  };
}
