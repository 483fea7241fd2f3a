/**
 * The config and prompt client behind `models` and `prompts` (SPEC §7.4, §8.3): caches fetched at
 * start without blocking, refreshed every 30 s in the background (unref'd timer), stale on
 * errors. A lookup that misses waits at most 2 s for one shared refresh; pinned versions that are
 * not cached are fetched one at a time per version.
 */
import { isDebug } from "../log.js";
import { PromptCache } from "../prompts/prompt-cache.js";
import { AssignmentRecorder } from "./assignment-recorder.js";
import { ConfigCache } from "./config-cache.js";
import { fetchJson, RemoteError } from "./fetch-json.js";
import { SingleFlight, waitAtMost } from "./single-flight.js";
import {
  type ModelConfig,
  type PromptAbTest,
  type PromptVersion,
  readConfig,
  readPromptVersion,
} from "./wire-types.js";

/** SPEC §7.4. */
export const REFRESH_INTERVAL_MS = 30_000;
/** SPEC §7.2: the most a cache miss may block a caller. */
export const BLOCKING_FETCH_MS = 2_000;
/** A background list fetch is abandoned after this long (nobody waits on it). */
const LIST_TIMEOUT_MS = 10_000;
/**
 * A miss within this long after a refresh settled uses that refresh's result instead of fetching
 * again: a key that does not exist must not turn every call into a request (and, with the server
 * down, every call into a wait).
 */
const MISS_REFETCH_AFTER_MS = 1_000;

export interface RemoteSettings {
  apiKey: string;
  configsUrl: string;
  promptsUrl: string;
  debug: boolean;
}

export class RemoteClient {
  readonly settings: RemoteSettings;
  readonly configs = new ConfigCache();
  readonly prompts = new PromptCache();
  readonly recorder: AssignmentRecorder;
  readonly #configList: SingleFlight;
  readonly #promptList: SingleFlight;
  readonly #abTestList: SingleFlight;
  readonly #versionFetches = new Map<string, Promise<unknown>>();
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Aborts in-flight list and version fetches on stop(), so shutdown leaves no request behind. */
  readonly #abort = new AbortController();

  constructor(settings: RemoteSettings) {
    this.settings = settings;
    this.recorder = new AssignmentRecorder({
      configsUrl: settings.configsUrl,
      apiKey: settings.apiKey,
      log: (...parts) => this.log(undefined, ...parts),
    });
    this.#configList = new SingleFlight(async () =>
      this.configs.applyList(await this.#get(`${settings.configsUrl}/configs`, LIST_TIMEOUT_MS)),
    );
    this.#promptList = new SingleFlight(async () =>
      this.prompts.applyPromptList(await this.#get(`${settings.promptsUrl}/prompts`, LIST_TIMEOUT_MS)),
    );
    this.#abTestList = new SingleFlight(async () =>
      this.prompts.applyAbTestList(
        await this.#get(`${settings.promptsUrl}/prompt-ab-tests`, LIST_TIMEOUT_MS),
      ),
    );
  }

  /** Starts the first fetch of all three lists (not awaited) and the 30 s refresh. */
  start(): void {
    void this.refreshAll();
    this.#timer = setInterval(() => void this.refreshAll(), REFRESH_INTERVAL_MS);
    this.#timer.unref?.();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#abort.abort();
  }

  /** Refreshes every list; never rejects (failures keep the stale cache and are logged). */
  async refreshAll(): Promise<void> {
    const flights = [this.#configList, this.#promptList, this.#abTestList];
    await Promise.all(flights.map((flight) => flight.run()));
    if (this.#abort.signal.aborted) return; // stopped meanwhile: the aborts are not news
    for (const flight of flights) {
      if (flight.lastError !== undefined)
        this.log(undefined, "refresh failed, keeping the cache:", String(flight.lastError));
    }
  }

  /** The current version of config `key`, waiting ≤ 2 s for a refresh on a miss. */
  currentConfig(key: string): Promise<ModelConfig | undefined> {
    return this.#lookup(() => this.configs.current(key), this.#configList);
  }

  /** The current version of prompt `key`, waiting ≤ 2 s for a refresh on a miss. */
  currentPrompt(key: string): Promise<PromptVersion | undefined> {
    return this.#lookup(() => this.prompts.currentPrompt(key), this.#promptList);
  }

  /** The current version of prompt A/B test `key`, waiting ≤ 2 s for a refresh on a miss. */
  abTest(key: string): Promise<PromptAbTest | undefined> {
    return this.#lookup(() => this.prompts.abTest(key), this.#abTestList);
  }

  /**
   * `GET /configs/{key}/version/{v}` (≤ 2 s), cached on success.
   *
   * @throws RemoteError (status 404 when the version does not exist).
   */
  async fetchConfigVersion(key: string, version: number): Promise<ModelConfig> {
    const url = `${this.settings.configsUrl}/configs/${encodeURIComponent(key)}/version/${version}`;
    const config = readConfig(await this.#getOnce(url));
    if (!config) throw new RemoteError(`GET ${url} answered with something that is not a config`);
    this.configs.addVersion(config);
    return config;
  }

  /**
   * `GET /prompts/{key}/version/{v}` (≤ 2 s), cached on success.
   *
   * @throws RemoteError (status 404 when the version does not exist).
   */
  async fetchPromptVersion(key: string, version: number): Promise<PromptVersion> {
    const url = `${this.settings.promptsUrl}/prompts/${encodeURIComponent(key)}/version/${version}`;
    const prompt = readPromptVersion(await this.#getOnce(url));
    if (!prompt) throw new RemoteError(`GET ${url} answered with something that is not a prompt version`);
    this.prompts.addPromptVersion(prompt);
    return prompt;
  }

  /** Why the last refresh of the config (or prompt) list failed, for "not found" messages. */
  lastFailure(list: "configs" | "prompts" | "abTests"): unknown {
    const flight = { configs: this.#configList, prompts: this.#promptList, abTests: this.#abTestList }[list];
    return flight.succeededOnce && flight.lastError === undefined ? undefined : flight.lastError;
  }

  /** Whether the call, the client or `init` asked for debug output (check before building a message). */
  debugging(callDebug: boolean | undefined): boolean {
    return callDebug === true || this.settings.debug || isDebug();
  }

  /** Logs with `[Fallom]` when {@link debugging}. */
  log(callDebug: boolean | undefined, ...parts: unknown[]): void {
    if (this.debugging(callDebug)) console.debug("[Fallom]", ...parts);
  }

  async #lookup<T>(read: () => T | undefined, flight: SingleFlight): Promise<T | undefined> {
    const hit = read();
    if (hit !== undefined) return hit;
    if (!flight.running && flight.settledWithin(MISS_REFETCH_AFTER_MS)) return undefined;
    await waitAtMost(flight.run(), BLOCKING_FETCH_MS);
    return read();
  }

  /** One request per URL at a time: concurrent pinned lookups of one version share it. */
  #getOnce(url: string): Promise<unknown> {
    let request = this.#versionFetches.get(url);
    if (!request) {
      request = this.#get(url, BLOCKING_FETCH_MS).finally(() => this.#versionFetches.delete(url));
      this.#versionFetches.set(url, request);
    }
    return request;
  }

  #get(url: string, timeoutMs: number): Promise<unknown> {
    return fetchJson({ url, apiKey: this.settings.apiKey, timeoutMs, signal: this.#abort.signal });
  }
}
