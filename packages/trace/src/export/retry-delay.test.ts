import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryDelayMs } from "./retry-delay.js";

describe("retry delay", () => {
  it("reads Retry-After as seconds or an HTTP date, capped at 30 s", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("120")).toBe(30_000);
    expect(parseRetryAfter(new Date(10_000 + 4000).toUTCString(), 10_000)).toBe(4000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it("backs off 1 s × 1.5ⁿ capped at 5 s with ±20 % jitter, unless the server said when", () => {
    expect(retryDelayMs(0, undefined, () => 0.5)).toBe(1000);
    expect(retryDelayMs(2, undefined, () => 0.5)).toBe(2250);
    expect(retryDelayMs(10, undefined, () => 0.5)).toBe(5000);
    expect(retryDelayMs(0, undefined, () => 0)).toBe(800);
    expect(retryDelayMs(0, undefined, () => 1)).toBe(1200);
    expect(retryDelayMs(3, 7000)).toBe(7000);
  });
});
