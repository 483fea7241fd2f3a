/**
 * SPEC §2.5.1 chat streaming rule 5: some OpenAI-compatible servers reject `stream_options`. When
 * we injected it and the server answers 400 naming it, the request is sent once more exactly as
 * the caller wrote it. The caller holds one APIPromise-shaped value throughout.
 */
import { isThenable } from "../stainless/trace-api-promise.js";

interface ApiPromiseLike extends PromiseLike<unknown> {
  asResponse(): PromiseLike<unknown>;
}

/** Whether `error` is the provider's 400 about `stream_options`. */
export function namesStreamOptions(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { status, message } = error as { status?: unknown; message?: unknown };
  return status === 400 && typeof message === "string" && message.includes("stream_options");
}

/**
 * A view of `first` whose outcome is `retry()`'s when `first` fails with a 400 naming
 * `stream_options`. Every method that settles (`then`, `catch`, `finally`, `withResponse`,
 * `asResponse`) goes straight to `first`'s own method with a rejection handler that switches to
 * the retry: a successful call (the common case) costs no promise beyond the caller's own, and
 * its body is parsed once, by whoever reads it. The retry is sent once, however many readers see
 * the 400.
 *
 * @example
 * const promise = retryWithoutStreamOptions(create(injected), () => create(asWritten), onRetry);
 */
export function retryWithoutStreamOptions<T>(first: T, retry: () => T, onRetry: () => void): T {
  if (!isApiPromise(first)) return first;
  let retried: ApiPromiseLike | undefined;
  /** The promise a reader continues with after `error`: the retry for the 400, else the error. */
  const afterFailure = (error: unknown): ApiPromiseLike => {
    if (!namesStreamOptions(error)) throw error;
    if (!retried) {
      onRetry();
      retried = retry() as ApiPromiseLike;
    }
    return retried;
  };
  const then = (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) =>
    first.then(onFulfilled, (error: unknown) => {
      if (!namesStreamOptions(error)) {
        if (onRejected) return onRejected(error);
        throw error;
      }
      return afterFailure(error).then(onFulfilled, onRejected);
    });
  return new Proxy(first, {
    get(target, property) {
      switch (property) {
        case "then":
          return then;
        case "catch":
          return (onRejected?: (reason: unknown) => unknown) => then(undefined, onRejected);
        case "finally":
          return (onFinally?: () => void) =>
            Promise.resolve({ then }).finally(onFinally) as unknown as PromiseLike<unknown>;
        case "withResponse":
          return () =>
            (target as unknown as WithResponse)
              .withResponse()
              .then(undefined, (error: unknown) =>
                (afterFailure(error) as unknown as WithResponse).withResponse(),
              );
        case "asResponse":
          return () =>
            target.asResponse().then(undefined, (error: unknown) => afterFailure(error).asResponse());
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

interface WithResponse {
  withResponse(): PromiseLike<unknown>;
}

function isApiPromise(value: unknown): value is ApiPromiseLike {
  return isThenable(value) && typeof (value as { asResponse?: unknown }).asResponse === "function";
}
