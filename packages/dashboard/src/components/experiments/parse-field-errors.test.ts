import { describe, expect, it } from "vitest";
import { errorsUnder, parseFieldErrors } from "./parse-field-errors.js";

describe("parseFieldErrors", () => {
  it("splits the server's message into one entry per field, keeping '; ' inside a message", () => {
    const errors = parseFieldErrors(
      'Invalid request body: variants.1.weight: must be ≤ 100 (percent of sessions); variants: weights add up to 110; they must add up to at most 100 (percent of sessions; below 100 the last variant gets the rest). Send {"key": "summarizer"} (no "key" when adding a version).',
    );
    expect(errors.byField.get("variants.1.weight")).toEqual(["must be ≤ 100 (percent of sessions)"]);
    expect(errors.byField.get("variants")).toEqual([
      "weights add up to 110; they must add up to at most 100 (percent of sessions; below 100 the last variant gets the rest)",
    ]);
    expect(errors.general).toBeNull();
  });

  it("keeps messages that are not field lists whole", () => {
    expect(parseFieldErrors("Not allowed for viewers.")).toEqual({
      byField: new Map(),
      general: "Not allowed for viewers.",
    });
  });

  it("collects nested paths under a prefix", () => {
    const errors = parseFieldErrors(
      "Invalid request body: targeting.rules.0.variantIndex: is 2, but there are 2 variants (0–1). Send {}",
    );
    expect(errorsUnder(errors, "targeting", false)).toEqual([
      "targeting.rules.0.variantIndex: is 2, but there are 2 variants (0–1)",
    ]);
    expect(errorsUnder(errors, "targeting.rules.0.variantIndex")).toEqual([
      "is 2, but there are 2 variants (0–1)",
    ]);
  });
});
