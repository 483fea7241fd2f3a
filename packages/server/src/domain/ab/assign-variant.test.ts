import { createHash, randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { assignVariant } from "./assign-variant.js";
import { computeBucket } from "./compute-bucket.js";
import { effectiveShares, pickWeightedVariant } from "./pick-weighted-variant.js";
import { loadAbVectors } from "./test-support/load-ab-vectors.js";

const vectors = loadAbVectors();

describe("the SPEC §7.3 table", () => {
  // Copied from the SPEC by hand, independently of the JSON file.
  const table: Array<[string, string, number, string, string, string, string]> = [
    ["session-123", "79c5ca4c", 5516, "A", "A", "A", "B"],
    ["user-123", "bc17c97c", 675516, "A", "B", "B", "B"],
    ["session-xyz", "6ebbccad", 801389, "B", "B", "B", "B"],
    ["conv-1", "a2e653d5", 3733, "A", "A", "A", "A"],
    ["a", "0cc175b9", 5177, "A", "A", "A", "B"],
    ["", "d41d8cd9", 706393, "A", "B", "B", "B"],
  ];
  const weightSets = [
    [80, 20],
    [50, 50],
    [30, 30],
    [0.5, 99.5],
  ];
  test.each(table)("session %j: md5 %s, bucket %i, arms %s %s %s %s", (id, md5, bucket, ...arms) => {
    expect(createHash("md5").update(id).digest("hex").slice(0, 8)).toBe(md5);
    expect(computeBucket(id)).toBe(bucket);
    weightSets.forEach((weights, index) => {
      expect("AB"[pickWeightedVariant(weights, bucket)]).toBe(arms[index]);
    });
  });
});

describe("protocol/ab-test-vectors.json", () => {
  test("documents its format at the top", () => {
    expect(vectors.description).toMatch(/docs\/protocol-ab\.md/);
    expect(vectors.version).toBe(1);
  });

  test.each(vectors.hashing)("bucket of $session_id", (vector) => {
    const digest = createHash("md5").update(vector.session_id, "utf8").digest("hex");
    expect(digest.slice(0, 8)).toBe(vector.md5_prefix);
    expect(computeBucket(vector.session_id)).toBe(vector.bucket);
  });

  test.each(vectors.assignment)("$name", (vector) => {
    const assignment = assignVariant(
      { variants: vector.variants, targeting: vector.targeting },
      vector.session_id,
      {
        ...(vector.customer_id !== undefined ? { customerId: vector.customer_id } : {}),
        ...(vector.context !== undefined ? { context: vector.context } : {}),
      },
    );
    expect({ variant_index: assignment.variantIndex, model: assignment.model, via: assignment.via }).toEqual(
      vector.expected,
    );
  });

  test.each(vectors.prompt_ab)("prompt A/B $name", (vector) => {
    const weights = vector.variants.map((variant) => variant.weight);
    expect(pickWeightedVariant(weights, computeBucket(vector.session_id))).toBe(
      vector.expected_variant_index,
    );
  });

  test("cover every operator, both ways, and every way of choosing", () => {
    const names = vectors.assignment.map((vector) => vector.name).join("\n");
    for (const operator of ["eq", "neq", "in", "nin", "contains", "startsWith", "endsWith"]) {
      expect(names).toMatch(new RegExp(`^${operator} matches`, "m"));
      expect(names).toMatch(new RegExp(`^${operator} does not match`, "m"));
    }
    const vias = new Set(vectors.assignment.map((vector) => vector.expected.via));
    expect([...vias].sort()).toEqual(["hash", "individual_target", "rule"]);
  });
});

describe("sticky weighted split", () => {
  test("100,000 random session ids split within 1 % of the weights, weights below 100 included", () => {
    for (const weights of [
      [80, 20],
      [50, 30, 20],
      [10, 10, 10],
      [0.5, 99.5],
    ]) {
      const counts = weights.map(() => 0);
      for (let i = 0; i < 100_000; i += 1) {
        const id = randomBytes(12).toString("base64url");
        const index = pickWeightedVariant(weights, computeBucket(id));
        counts[index] = (counts[index] ?? 0) + 1;
      }
      const shares = effectiveShares(weights);
      counts.forEach((count, index) => {
        expect(Math.abs(count / 100_000 - (shares[index] as number))).toBeLessThan(0.01);
      });
    }
  });

  test("the same id always gets the same variant", () => {
    const config = {
      variants: [
        { model: "a", weight: 33 },
        { model: "b", weight: 33 },
        { model: "c", weight: 34 },
      ],
      targeting: null,
    };
    for (let i = 0; i < 1_000; i += 1) {
      const id = `s-${i}-${randomBytes(4).toString("hex")}`;
      const first = assignVariant(config, id).model;
      for (let repeat = 0; repeat < 3; repeat += 1) expect(assignVariant(config, id).model).toBe(first);
    }
  });

  test("effective shares give the remainder below 100 to the last variant and cut past 100", () => {
    expect(effectiveShares([30, 30])).toEqual([0.3, 0.7]);
    expect(effectiveShares([60, 60])).toEqual([0.6, 0.4]);
    expect(effectiveShares([100, 0])).toEqual([1, 0]);
    expect(effectiveShares([40])).toEqual([1]);
  });

  test("a config without variants is refused with a clear error", () => {
    expect(() => pickWeightedVariant([], 5)).toThrow(/at least one variant/);
  });
});
