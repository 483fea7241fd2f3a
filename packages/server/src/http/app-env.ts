import type { ServerConfig } from "../config.js";
import type { NormalisedSpan } from "../domain/span-record.js";
import type { IngestProject } from "../ingest/ingest-spans.js";
import type { AdminApi } from "./admin-api.js";
import type { ReadApi } from "./read-api.js";

/** The project a request acts for, resolved from its API key (or, later, a dashboard session). */
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
}

export interface AppEnv {
  Variables: {
    services: Services;
    project: AuthedProject;
  };
}
