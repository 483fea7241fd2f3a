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
 * `stream_options`. The decision waits only for the response headers (`asResponse()`), so the
 * body of a successful first attempt is parsed once, by whoever reads it.
 *
 * @example
 * const promise = retryWithoutStreamOptions(create(injected), () => create(asWritten), onRetry);
 */
export function retryWithoutStreamOptions<T>(first: T, retry: () => T, onRetry: () => void): T {
  if (!isApiPromise(first)) return first;
  // Boxed: resolving a promise with an APIPromise would parse it.
  const chosen = Promise.resolve(first.asResponse()).then(
    () => ({ promise: first as ApiPromiseLike }),
    (error: unknown) => {
      if (!namesStreamOptions(error)) return { promise: first as ApiPromiseLike };
      onRetry();
      return { promise: retry() as ApiPromiseLike };
    },
  );
  const settled = () => chosen.then((box) => box.promise);
  return new Proxy(first, {
    get(target, property) {
      switch (property) {
        case "then":
          return (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) =>
            settled().then(onFulfilled, onRejected);
        case "catch":
          return (onRejected?: (reason: unknown) => unknown) => settled().catch(onRejected);
        case "finally":
          return (onFinally?: () => void) => settled().finally(onFinally);
        case "withResponse":
          return () =>
            chosen.then((box) => (box.promise as unknown as { withResponse(): unknown }).withResponse());
        case "asResponse":
          return () => chosen.then((box) => box.promise.asResponse());
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function isApiPromise(value: unknown): value is ApiPromiseLike {
  return isThenable(value) && typeof (value as { asResponse?: unknown }).asResponse === "function";
}
