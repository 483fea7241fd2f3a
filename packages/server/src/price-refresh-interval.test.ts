import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "./config.js";
import { parsePriceRefreshInterval } from "./price-refresh-interval.js";

describe("parsePriceRefreshInterval", () => {
  it.each([
    ["24h", 86_400_000],
    ["6h", 21_600_000],
    [" 6H ", 21_600_000],
    ["90m", 5_400_000],
    ["10m", 600_000],
    ["7d", 604_800_000],
    ["24d", 2_073_600_000],
    [undefined, 86_400_000],
    ["", 86_400_000],
  ])("reads %j as %d ms", (value, ms) => {
    expect(parsePriceRefreshInterval(value)).toBe(ms);
  });

  it.each(["off", "OFF", " off "])("reads %j as no schedule", (value) => {
    expect(parsePriceRefreshInterval(value)).toBeNull();
  });

  it.each(["daily", "24", "1.5h", "-6h", "0h", "9m", "25d", "6 hours", "h", "on"])(
    "rejects %j, saying what is accepted",
    (value) => {
      expect(() => parsePriceRefreshInterval(value)).toThrow(
        new RegExp(`^FALLOM_PRICE_REFRESH must be "off" or an interval .* got "${value}"`),
      );
    },
  );

  it("is read by resolveConfig, which refuses a bad value with a ConfigError", () => {
    expect(resolveConfig({ dataDir: "/tmp/x" }, {}).priceRefreshMs).toBe(86_400_000);
    expect(resolveConfig({ dataDir: "/tmp/x" }, { FALLOM_PRICE_REFRESH: "off" }).priceRefreshMs).toBeNull();
    const bad = () => resolveConfig({ dataDir: "/tmp/x" }, { FALLOM_PRICE_REFRESH: "weekly" });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/FALLOM_PRICE_REFRESH must be "off" or an interval .* got "weekly"/);
  });
});
