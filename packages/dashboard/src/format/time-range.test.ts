import { describe, expect, it } from "vitest";
import { formatUsd } from "./format-number.js";
import { toApiQuery } from "./time-range.js";

describe("toApiQuery", () => {
  it("turns a relative range into from=<epoch ms> and drops UI-only parameters", () => {
    const query = toApiQuery(
      new URLSearchParams("range=1h&customer_id=a&span=x&tag=t1&tag=t2"),
      ["span"],
      10_000_000,
    );
    expect(new URLSearchParams(query).getAll("tag")).toEqual(["t1", "t2"]);
    expect(new URLSearchParams(query).get("from")).toBe(String(10_000_000 - 3_600_000));
    expect(new URLSearchParams(query).has("span")).toBe(false);
    expect(new URLSearchParams(query).has("range")).toBe(false);
  });

  it("keeps an explicit from over the range", () => {
    expect(toApiQuery(new URLSearchParams("range=1h&from=5"), [], 10_000_000)).toBe("from=5");
  });
});

describe("formatUsd", () => {
  it("never shows an unknown cost as $0", () => {
    expect(formatUsd(null)).toBe("—");
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(0.00225)).toBe("$0.00225");
    expect(formatUsd(12.5)).toBe("$12.50");
  });
});
