/**
 * Sticky assignment at scale (issue acceptance): 100,000 random session ids split within 1 % of
 * the configured weights (weights below 100 give the rest to the last variant), and one id always
 * gets one variant, whatever the targeting context that does not match.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { assignModel } from "../src/ab/assign-model.js";
import { hashSession } from "../src/ab/hash-session.js";
import { pickVariant } from "../src/ab/pick-variant.js";

const SESSIONS = 100_000;
const ids = Array.from({ length: SESSIONS }, () => randomUUID());

/** Each variant's share of `ids`, in percent. */
function split(weights: number[]): number[] {
  const counts = weights.map(() => 0);
  for (const id of ids) {
    const index = pickVariant(weights, hashSession(id));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts.map((count) => (count / SESSIONS) * 100);
}

describe("100,000 random session ids", () => {
  it.each([
    { weights: [50, 50], shares: [50, 50] },
    { weights: [80, 20], shares: [80, 20] },
    { weights: [45.5, 24.5, 20, 10], shares: [45.5, 24.5, 20, 10] },
    { weights: [30, 30], shares: [30, 70] },
    { weights: [10, 20, 30], shares: [10, 20, 70] },
    { weights: [0.5, 99.5], shares: [0.5, 99.5] },
  ])("weights $weights split as $shares within 1 %", ({ weights, shares }) => {
    const actual = split(weights);
    actual.forEach((share, index) => {
      expect(
        Math.abs(share - (shares[index] as number)),
        `variant ${index}: ${share.toFixed(3)} %`,
      ).toBeLessThan(1);
    });
  });

  it("gives the same id the same variant every time, and non-matching targeting changes nothing", () => {
    const config = {
      variants: [
        { model: "a", weight: 40 },
        { model: "b", weight: 35 },
        { model: "c", weight: 25 },
      ],
      targeting: {
        rules: [{ conditions: [{ field: "plan", operator: "eq", value: "enterprise" }], variantIndex: 2 }],
      },
    };
    for (const id of ids.slice(0, 5_000)) {
      const first = assignModel(config, id);
      expect(assignModel(config, id)).toEqual(first);
      expect(assignModel(config, id, { customerId: "u", context: { plan: "free" } })).toEqual(first);
      expect(first.via).toBe("hash");
    }
  });
});
