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

async function* observeIterator(
  source: AsyncIterator<unknown>,
  stream: StainlessStream,
  observer: StreamObserver,
): AsyncGenerator<unknown, void, unknown> {
  let settled = false;
  try {
    for (;;) {
      const step = await source.next();
      if (step.done) break;
      if (observer.onChunk(step.value)) yield step.value;
    }
    settled = true;
    // The SDK swallows the abort of `controller.abort()` and just stops: that is a cancel.
    if (stream.controller?.signal?.aborted) observer.onCancel();
    else observer.onComplete();
  } catch (error) {
    settled = true;
    // The SDK aborts its own controller when a stream fails, so only the error's kind tells a
    // consumer's abort from a failure.
    if (isAbortError(error)) observer.onCancel();
    else observer.onError(error);
    throw error;
  } finally {
    if (!settled) {
      observer.onCancel();
      // Closing the SDK's iterator aborts the HTTP request, exactly as an unwrapped `break` does.
      await source.return?.();
    }
  }
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
