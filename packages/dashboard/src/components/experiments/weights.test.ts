import { describe, expect, it } from "vitest";
import { findInvalidPlaceholders, listTemplateVariables } from "./template-variables.js";
import { splitEvenly, sumWeights, weightProblem } from "./weights.js";

describe("weights", () => {
  it("accepts sums of 100 within 0.01 and says what is missing or too much otherwise", () => {
    expect(weightProblem([33.33, 33.33, 33.34])).toBeNull();
    expect(weightProblem([50, 49.995])).toBeNull();
    expect(weightProblem([60, 30])).toBe("Weights add up to 90 %: 10 % still to assign.");
    expect(weightProblem([70, 40])).toBe("Weights add up to 110 %: 10 % too much.");
    expect(weightProblem([120, -20])).toBe("Each weight must be between 0 and 100.");
    expect(weightProblem([Number.NaN])).toBe("Every weight must be a number.");
  });

  it("splits evenly into shares that add up to 100", () => {
    expect(splitEvenly(3)).toEqual([33.33, 33.33, 33.34]);
    expect(sumWeights(splitEvenly(7))).toBe(100);
    expect(splitEvenly(1)).toEqual([100]);
  });
});

describe("template hints", () => {
  it("lists each variable once, in order, and flags what the server would refuse", () => {
    expect(listTemplateVariables("Hi {{name}}, {{ plan }} {{name}}")).toEqual(["name", "plan"]);
    expect(findInvalidPlaceholders("Hi {{ user.name }} {{ok}} {{x | upper}}")).toEqual([
      "{{ user.name }}",
      "{{x | upper}}",
    ]);
  });
});
