/**
 * Observes a Stainless `APIPromise` (openai, @anthropic-ai/sdk) without changing it for the caller:
 * the caller gets a view of the same promise object, so `instanceof`, `.withResponse()`,
 * `.asResponse()` and the request id helpers keep working.
 */

/** What the tracer learns about one API call. Every hook must not throw. */
export interface ApiPromiseObserver {
  /** The parsed body (a JSON object, or the SDK's `Stream` for streamed calls). */
  onData(data: unknown): void;
  onError(error: unknown): void;
  /** The caller read the raw `Response` (`asResponse()`) without a parse: no body for us. */
  onResponseOnly(response: unknown): void;
}

/** The methods that parse the body: the first one the caller uses lets us observe the parse. */
const PARSING_METHODS = new Set<PropertyKey>(["then", "catch", "finally", "withResponse"]);

/**
 * A view of `promise` that reports its outcome to `observer`.
 *
 * The APIPromise parses its body lazily and only once (`parse()` is memoised), so the observer
 * attaches its own reaction on the first parsing call, before the caller's: it sees the same data
 * object first (a stream's iterator can be observed before the caller reads it). Reading only the
 * raw `Response` (`asResponse()`) ends the observation without a body, as the vendor's own tracing
 * does. A value that is not a thenable is returned unchanged.
 *
 * @example
 * const traced = traceApiPromise(client.chat.completions.create(params), observer);
 * const { data, response } = await traced.withResponse(); // observer.onData(data) ran first
 */
export function traceApiPromise<T>(promise: T, observer: ApiPromiseObserver): T {
  if (!isThenable(promise)) return promise;
  let observing = false;
  const observe = (target: PromiseLike<unknown>) => {
    if (observing) return;
    observing = true;
    // Both hooks swallow their own failures, so this promise always resolves.
    target.then(
      (data) => observer.onData(data),
      (error) => observer.onError(error),
    );
  };
  return new Proxy(promise, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (PARSING_METHODS.has(property)) {
        return (...args: unknown[]) => {
          observe(target);
          return value.apply(target, args);
        };
      }
      if (property === "asResponse") {
        return (...args: unknown[]) => {
          const parsing = observing;
          const result = value.apply(target, args) as unknown;
          if (!parsing && isThenable(result)) {
            result.then(
              (response) => observer.onResponseOnly(response),
              (error) => observer.onError(error),
            );
          }
          return result;
        };
      }
      return value.bind(target);
    },
  }) as T;
}

/** Whether `value` can be awaited like a promise. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
