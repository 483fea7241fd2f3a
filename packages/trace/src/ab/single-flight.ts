/**
 * One refresh of one list at a time (SPEC §7.2: "concurrent misses share it"), remembering when
 * the last one settled and why it failed, so a miss right after a refresh does not fetch again.
 * `run()` never rejects: a failed refresh keeps the stale cache and records the error.
 */
export class SingleFlight {
  readonly #load: () => Promise<void>;
  #inFlight: Promise<void> | undefined;
  #settledAt = Number.NEGATIVE_INFINITY;
  #succeededOnce = false;
  /** The last refresh's error; undefined after a success. */
  lastError: unknown;

  constructor(load: () => Promise<void>) {
    this.#load = load;
  }

  /** The running refresh, or a new one. @example await flight.run(); */
  run(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    const flight = this.#load().then(
      () => {
        this.lastError = undefined;
        this.#succeededOnce = true;
      },
      (error: unknown) => {
        this.lastError = error;
      },
    );
    this.#inFlight = flight.finally(() => {
      this.#settledAt = performance.now();
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  get running(): boolean {
    return this.#inFlight !== undefined;
  }

  /** Whether any refresh has succeeded yet. */
  get succeededOnce(): boolean {
    return this.#succeededOnce;
  }

  /** Whether a refresh settled less than `ms` ago. */
  settledWithin(ms: number): boolean {
    return performance.now() - this.#settledAt < ms;
  }
}

/**
 * Resolves when `promise` settles or after `ms`, whichever comes first; never rejects. The timer
 * is unref'd so a caller's wait never keeps the process alive.
 *
 * @example await waitAtMost(flight.run(), 2000);
 */
export function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
