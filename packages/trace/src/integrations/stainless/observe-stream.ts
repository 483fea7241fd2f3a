/**
 * Observes the chunks of a Stainless `Stream` (openai, @anthropic-ai/sdk) while keeping the SDK's
 * own object: async iteration, `tee()`, `toReadableStream()` and `controller` all read through the
 * stream's `iterator` factory, so replacing that factory on this one stream observes every path.
 */

/** How a stream observation ended (SPEC W5). */
export interface StreamObserver {
  /**
   * Called for every chunk before the caller sees it; returns `false` to hide the chunk from the
   * caller (the injected usage-only chunk, SPEC §2.5.1 rule 3). Must not throw.
   */
  onChunk(chunk: unknown): boolean;
  /** The provider finished the stream. */
  onComplete(): void;
  /** The consumer stopped early: `break`, `return()`, `controller.abort()`. */
  onCancel(): void;
  /** The stream failed: the same error the caller gets. */
  onError(error: unknown): void;
}

interface StainlessStream {
  iterator: () => AsyncIterator<unknown>;
  controller?: { signal?: { aborted?: boolean } };
}

/**
 * Replaces `stream.iterator` with one that reports to `observer` and ends the observation in a
 * `finally`. Returns false (and leaves the stream untouched) when the object is not a Stainless
 * stream.
 *
 * @example
 * const stream = await client.chat.completions.create({ ...params, stream: true });
 * observeStream(stream, observer); // the caller iterates as usual
 */
export function observeStream(stream: unknown, observer: StreamObserver): boolean {
  if (!isStainlessStream(stream)) return false;
  const source = stream.iterator;
  stream.iterator = function observedIterator(this: unknown) {
    return observeIterator(source.call(this), stream, observer);
  };
  return true;
}

/**
 * A hand-written async iterator rather than an `async function*`: a generator layer costs an
 * extra promise and microtask hop per chunk, which on a 100-chunk stream was a measurable share of
 * the SDK's overhead. Same contract: every chunk passes `observer.onChunk` before the caller sees
 * it, and exactly one of onComplete / onCancel / onError runs.
 */
function observeIterator(
  source: AsyncIterator<unknown>,
  stream: StainlessStream,
  observer: StreamObserver,
): AsyncIterator<unknown> & AsyncIterable<unknown> {
  let settled = false;
  const settle = (report: () => void): void => {
    if (settled) return;
    settled = true;
    report();
  };
  // `.then` reactions rather than an async function: one promise per chunk instead of two.
  const onStep = (
    step: IteratorResult<unknown>,
  ): IteratorResult<unknown> | Promise<IteratorResult<unknown>> => {
    if (step.done) {
      // The SDK swallows the abort of `controller.abort()` and just stops: that is a cancel.
      settle(() => (stream.controller?.signal?.aborted ? observer.onCancel() : observer.onComplete()));
      return step;
    }
    return observer.onChunk(step.value) ? step : pull();
  };
  const onFailure = (error: unknown): never => {
    // The SDK aborts its own controller when a stream fails, so only the error's kind tells a
    // consumer's abort from a failure.
    settle(() => (isAbortError(error) ? observer.onCancel() : observer.onError(error)));
    throw error;
  };
  const pull = (): Promise<IteratorResult<unknown>> => {
    let next: Promise<IteratorResult<unknown>>;
    try {
      next = source.next();
    } catch (error) {
      return Promise.reject(error).catch(onFailure);
    }
    // A native promise (the SDK's async generator) is chained directly; anything else is adopted.
    return (next instanceof Promise ? next : Promise.resolve(next)).then(onStep, onFailure);
  };
  return {
    next: () => (settled ? Promise.resolve({ done: true, value: undefined }) : pull()),
    async return(value?: unknown): Promise<IteratorResult<unknown>> {
      if (!settled) {
        settle(() => observer.onCancel());
        // Closing the SDK's iterator aborts the HTTP request, exactly as an unwrapped `break` does.
        await source.return?.();
      }
      return { done: true, value };
    },
    async throw(error?: unknown): Promise<IteratorResult<unknown>> {
      settle(() => observer.onCancel());
      if (source.throw) return source.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function isAbortError(error: unknown): boolean {
  const name = (error as { name?: unknown; constructor?: { name?: unknown } } | null)?.constructor?.name;
  return name === "APIUserAbortError" || (error as { name?: unknown } | null)?.name === "AbortError";
}

function isStainlessStream(value: unknown): value is StainlessStream {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { iterator?: unknown }).iterator === "function" &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"
  );
}
