import { describe, expect, it, vi } from "vitest";
import { retryWithoutStreamOptions } from "./retry-without-stream-options.js";

/** The parts of a Stainless APIPromise the retry reads: a thenable with `asResponse`/`withResponse`. */
function apiPromise(outcome: { data: unknown } | { error: unknown }) {
  const settle = () => ("error" in outcome ? Promise.reject(outcome.error) : Promise.resolve(outcome.data));
  return {
    // biome-ignore lint/suspicious/noThenProperty: a fake APIPromise is a thenable by design
    then: (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) =>
      settle().then(onFulfilled, onRejected),
    asResponse: () => settle().then(() => ({ status: 200 })),
    withResponse: () => settle().then((data) => ({ data, response: { status: 200 } })),
  };
}

/** The view the caller holds: the fake's methods plus `catch` and `finally` (the proxy provides them). */
type Held = Promise<unknown> & ReturnType<typeof apiPromise>;

const rejected = Object.assign(new Error("400 Unrecognized request argument: stream_options"), {
  status: 400,
});
const other = Object.assign(new Error("400 bad model"), { status: 400 });

describe("retryWithoutStreamOptions", () => {
  it("passes a success through without retrying", async () => {
    const retry = vi.fn(() => apiPromise({ data: "retried" }));
    const onRetry = vi.fn();
    const promise = retryWithoutStreamOptions(apiPromise({ data: "first" }), retry, onRetry);
    expect(await promise).toBe("first");
    expect(await promise.withResponse()).toEqual({ data: "first", response: { status: 200 } });
    expect(retry).not.toHaveBeenCalled();
    expect(onRetry).not.toHaveBeenCalled();
  });

  it("retries once for every reader when the 400 names stream_options", async () => {
    const retry = vi.fn(() => apiPromise({ data: "retried" }));
    const onRetry = vi.fn();
    const promise = retryWithoutStreamOptions(apiPromise({ error: rejected }), retry, onRetry) as Held;
    const results = await Promise.all([
      promise.then((value) => value),
      promise.withResponse(),
      promise.asResponse(),
      promise.catch(() => "never"),
      promise.finally(() => undefined),
    ]);
    expect(results).toEqual([
      "retried",
      { data: "retried", response: { status: 200 } },
      { status: 200 },
      "retried",
      "retried",
    ]);
    expect(retry).toHaveBeenCalledTimes(1);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it("hands any other error to the caller's handlers unchanged", async () => {
    const retry = vi.fn(() => apiPromise({ data: "retried" }));
    const promise = retryWithoutStreamOptions(apiPromise({ error: other }), retry, vi.fn()) as Held;
    expect(await promise.then(undefined, (error: unknown) => error)).toBe(other);
    expect(await promise.catch((error: unknown) => error)).toBe(other);
    await expect(promise.withResponse()).rejects.toBe(other);
    await expect(promise.asResponse()).rejects.toBe(other);
    await expect(Promise.resolve(promise)).rejects.toBe(other);
    expect(retry).not.toHaveBeenCalled();
  });
});
