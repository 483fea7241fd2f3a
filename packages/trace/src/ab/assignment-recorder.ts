/**
 * SPEC §7.2 step 6: `POST /sessions` for each assignment a real config version made, off the
 * call path (scheduled with setImmediate, 1 s timeout, errors only logged), at most once per
 * `(config key, version, session)` per process, tracked in a 10,000-entry LRU.
 */
import { fetchJson } from "./fetch-json.js";
import { LruSet } from "./lru-set.js";

const RECORD_TIMEOUT_MS = 1_000;
const REMEMBERED_ASSIGNMENTS = 10_000;

export interface AssignmentTarget {
  configsUrl: string;
  apiKey: string;
  log(...parts: unknown[]): void;
}

export class AssignmentRecorder {
  readonly #seen = new LruSet(REMEMBERED_ASSIGNMENTS);
  readonly #target: AssignmentTarget;
  readonly #pending = new Set<Promise<void>>();

  constructor(target: AssignmentTarget) {
    this.#target = target;
  }

  /** @example recorder.record("summarizer", 3, "session-1", "gpt-4o") */
  record(configKey: string, configVersion: number, sessionId: string, model: string): void {
    const id = `${configKey}\u0000${configVersion}\u0000${sessionId}`;
    if (!this.#seen.add(id)) return;
    setImmediate(() => {
      const sent = fetchJson({
        url: `${this.#target.configsUrl}/sessions`,
        apiKey: this.#target.apiKey,
        timeoutMs: RECORD_TIMEOUT_MS,
        body: {
          config_key: configKey,
          config_version: configVersion,
          session_id: sessionId,
          assigned_model: model,
        },
      }).then(
        () => undefined,
        (error: unknown) => {
          // Forgotten again, so the session's next models.get retries the record.
          this.#seen.delete(id);
          this.#target.log(`recording the assignment of session "${sessionId}" failed:`, String(error));
        },
      );
      this.#pending.add(sent);
      void sent.finally(() => this.#pending.delete(sent));
    }).unref();
  }

  /** Resolves when every record started so far has settled (tests and shutdown use it). */
  async settled(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([...this.#pending]);
  }
}
