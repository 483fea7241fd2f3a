/**
 * The model configs the SDK has seen (SPEC §7.4): the current version of each key (replaced by
 * each successful `GET /configs`) and every version ever received (kept, so pinned versions stay
 * local after one fetch).
 */
import { RemoteError } from "./fetch-json.js";
import { type ModelConfig, readConfig } from "./wire-types.js";

export class ConfigCache {
  #current = new Map<string, ModelConfig>();
  readonly #versions = new Map<string, Map<number, ModelConfig>>();

  /** @example cache.current("summarizer")?.version */
  current(key: string): ModelConfig | undefined {
    return this.#current.get(key);
  }

  version(key: string, version: number): ModelConfig | undefined {
    return this.#versions.get(key)?.get(version);
  }

  /**
   * Applies a `GET /configs` answer; the previous current set is replaced only when it parses.
   *
   * @throws RemoteError when the answer is not `{"configs": [...]}`.
   */
  applyList(answer: unknown): void {
    const list = (answer as { configs?: unknown } | null)?.configs;
    if (!Array.isArray(list)) throw new RemoteError('GET /configs answered without a "configs" array');
    const current = new Map<string, ModelConfig>();
    for (const entry of list) {
      const config = readConfig(entry);
      if (!config) continue;
      current.set(config.key, config);
      this.addVersion(config);
    }
    this.#current = current;
  }

  /** Remembers one version (from the list or from `GET /configs/{key}/version/{v}`). */
  addVersion(config: ModelConfig): void {
    let versions = this.#versions.get(config.key);
    if (!versions) {
      versions = new Map();
      this.#versions.set(config.key, versions);
    }
    versions.set(config.version, config);
  }
}
