/**
 * Every case of the shared vectors (protocol/ab-test-vectors.json) through this SDK's own pure
 * code: hashing, assignment with targeting, the prompt A/B walk and templating. The server and the
 * Python SDK run the same file, which is what keeps the three identical.
 */
import { describe, expect, it } from "vitest";
import { assignModel } from "../src/ab/assign-model.js";
import { hashSession, sessionHashPrefix } from "../src/ab/hash-session.js";
import { pickVariant } from "../src/ab/pick-variant.js";
import { readConfig, readPromptAbTest } from "../src/ab/wire-types.js";
import { renderTemplate } from "../src/prompts/render-template.js";
import { loadAbVectors } from "./support/ab-vectors.js";

const vectors = loadAbVectors();

describe("protocol/ab-test-vectors.json", () => {
  it("is the version this SDK implements and has every section", () => {
    expect(vectors.version).toBe(1);
    expect(vectors.hashing.length).toBeGreaterThan(5);
    expect(vectors.assignment.length).toBeGreaterThan(10);
    expect(vectors.prompt_ab.length).toBeGreaterThan(5);
    expect(vectors.templating.length).toBeGreaterThan(5);
  });

  it.each(vectors.hashing.map((v) => [v.session_id.slice(0, 40), v] as const))("hashing %j", (_name, v) => {
    expect(sessionHashPrefix(v.session_id)).toBe(v.md5_prefix);
    expect(hashSession(v.session_id)).toBe(v.bucket);
  });

  it.each(vectors.assignment.map((v) => [v.name, v] as const))("assignment: %s", (_name, v) => {
    // Through the wire reader too, so a config as the server sends it assigns the same way.
    const config = readConfig({ key: "k", version: 1, variants: v.variants, targeting: v.targeting });
    if (!config) throw new Error("the wire reader rejected a vector's config");
    const result = assignModel(config, v.session_id, {
      ...(v.customer_id !== undefined ? { customerId: v.customer_id } : {}),
      ...(v.context !== undefined ? { context: v.context } : {}),
    });
    expect(result).toEqual({
      variantIndex: v.expected.variant_index,
      model: v.expected.model,
      via: v.expected.via,
    });
  });

  it.each(vectors.prompt_ab.map((v) => [v.name, v] as const))("prompt A/B: %s", (_name, v) => {
    const test = readPromptAbTest({ key: "t", version: 1, variants: v.variants });
    if (!test) throw new Error("the wire reader rejected a vector's test");
    const index = pickVariant(
      test.variants.map((variant) => variant.weight),
      hashSession(v.session_id),
    );
    expect(index).toBe(v.expected_variant_index);
  });

  it.each(vectors.templating.map((v) => [v.name, v] as const))("templating: %s", (_name, v) => {
    expect(renderTemplate(v.system, v.variables)).toBe(v.expected.system);
    expect(renderTemplate(v.user, v.variables)).toBe(v.expected.user);
  });
});
