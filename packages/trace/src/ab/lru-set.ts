/** A bounded set that forgets its least recently added or touched entry first. */
export class LruSet {
  readonly #max: number;
  readonly #entries = new Set<string>();

  constructor(max: number) {
    this.#max = max;
  }

  /**
   * Adds `key`; false when it was already present (and is now the most recent).
   *
   * @example const fresh = seen.add("summarizer\u00003\u0000session-1");
   */
  add(key: string): boolean {
    if (this.#entries.has(key)) {
      this.#entries.delete(key);
      this.#entries.add(key);
      return false;
    }
    this.#entries.add(key);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.values().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return true;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
