/**
 * The tolerant wire readers (SPEC §7.1, §8.1) and the small pieces around assignment: variants as
 * an object, a missing version, malformed entries skipped, out-of-range targeting indexes, and the
 * bounded "once per process" memory of recorded assignments.
 */
import { describe, expect, it } from "vitest";
import { assignModel } from "../src/ab/assign-model.js";
import { ConfigCache } from "../src/ab/config-cache.js";
import { LruSet } from "../src/ab/lru-set.js";
import { readConfig, readPromptVersion } from "../src/ab/wire-types.js";
import { PromptCache } from "../src/prompts/prompt-cache.js";

describe("readConfig", () => {
  it("accepts variants as an object (insertion order) and defaults the version to 1", () => {
    expect(
      readConfig({
        key: "k",
        variants: { a: { model: "m-a", weight: 30 }, b: { model: "m-b", weight: 70 } },
      }),
    ).toEqual({
      key: "k",
      version: 1,
      variants: [
        { model: "m-a", weight: 30 },
        { model: "m-b", weight: 70 },
      ],
      targeting: null,
    });
  });

  it("rejects a config without usable variants and keeps an explicit enabled:false", () => {
    expect(readConfig({ key: "k", variants: [] })).toBeUndefined();
    expect(readConfig({ key: "k", variants: [{ weight: 100 }] })).toBeUndefined();
    expect(readConfig({ variants: [{ model: "m", weight: 100 }] })).toBeUndefined();
    const disabled = readConfig({
      key: "k",
      variants: [
        { model: "a", weight: 0 },
        { model: "b", weight: 0 },
      ],
      targeting: {
        enabled: false,
        individualTargets: [{ field: "customerId", value: "u", variantIndex: 0 }],
      },
    });
    // Targeting off: the walk gives everything to the last variant (weights sum to 0).
    expect(disabled && assignModel(disabled, "s", { customerId: "u" })).toMatchObject({
      variantIndex: 1,
      via: "hash",
    });
  });

  it("an out-of-range or fractional target index falls through to hashing, not to later rules", () => {
    const config = readConfig({
      key: "k",
      variants: [
        { model: "a", weight: 100 },
        { model: "b", weight: 0 },
      ],
      targeting: {
        individualTargets: [{ field: "customerId", value: "u", variantIndex: 5 }],
        rules: [{ conditions: [], variantIndex: 1.5 }],
      },
    });
    expect(config && assignModel(config, "s", { customerId: "u" })).toMatchObject({
      model: "a",
      via: "hash",
    });
    expect(config && assignModel(config, "s", {})).toMatchObject({ model: "a", via: "hash" });
  });
});

describe("caches", () => {
  it("the config list replaces the current set but keeps every version seen", () => {
    const cache = new ConfigCache();
    cache.applyList({
      configs: [{ key: "k", version: 2, variants: [{ model: "two", weight: 100 }] }, { bad: true }],
    });
    cache.applyList({ configs: [{ key: "k", version: 1, variants: [{ model: "one", weight: 100 }] }] });
    expect(cache.current("k")?.variants[0]?.model).toBe("one");
    expect(cache.version("k", 2)?.variants[0]?.model).toBe("two");
    expect(() => cache.applyList({ nope: [] })).toThrow(/"configs" array/);
    expect(cache.current("k")?.version).toBe(1);
  });

  it("the last prompt entry of a key is current, every version stays pinnable, null texts become empty", () => {
    const cache = new PromptCache();
    cache.applyPromptList({
      prompts: [
        { key: "p", version: 1, system_prompt: "one", user_template: "" },
        { key: "p", version: 3, system_prompt: "three", user_template: "" },
        { key: "p", version: 2, system_prompt: "two", user_template: null },
      ],
    });
    expect(cache.currentPrompt("p")?.version).toBe(2);
    expect(cache.promptVersion("p", 3)?.systemPrompt).toBe("three");
    expect(readPromptVersion({ key: "p", version: 2, system_prompt: null })?.systemPrompt).toBe("");
  });
});

describe("LruSet", () => {
  it("remembers up to its size and forgets the least recent first", () => {
    const seen = new LruSet(3);
    expect(["a", "b", "c"].map((key) => seen.add(key))).toEqual([true, true, true]);
    expect(seen.add("a")).toBe(false); // touched: now the most recent
    expect(seen.add("d")).toBe(true); // evicts b
    expect(seen.size).toBe(3);
    expect(seen.add("b")).toBe(true);
    expect(seen.add("a")).toBe(false);
  });
});
