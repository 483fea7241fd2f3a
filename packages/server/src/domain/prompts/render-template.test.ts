import { describe, expect, test } from "vitest";
import { loadAbVectors } from "../ab/test-support/load-ab-vectors.js";
import { findTemplateProblems, listTemplateVariables } from "./find-template-problems.js";
import { formatTemplateValue } from "./format-template-value.js";
import { renderTemplate } from "./render-template.js";

describe("renderTemplate against protocol/ab-test-vectors.json", () => {
  test.each(loadAbVectors().templating)("$name", (vector) => {
    expect(renderTemplate(vector.system, vector.variables)).toBe(vector.expected.system);
    expect(renderTemplate(vector.user, vector.variables)).toBe(vector.expected.user);
  });
});

describe("renderTemplate", () => {
  test("the SPEC §8.2 vector", () => {
    const variables = { role: "helpful", name: "Ann", flag: true, n: 1.0, x: [1, "a"] };
    expect(renderTemplate("You are {{ role }}.", variables)).toBe("You are helpful.");
    expect(renderTemplate("Hi {{name}}, {{ missing }} {{flag}} {{n}} {{x}}", variables)).toBe(
      'Hi Ann, {{ missing }} true 1 [1,"a"]',
    );
  });

  test("does not render inherited properties such as constructor", () => {
    expect(renderTemplate("{{constructor}} {{toString}}", {})).toBe("{{constructor}} {{toString}}");
  });

  test("undefined values and no variables at all leave placeholders as written", () => {
    expect(renderTemplate("{{ a }}", { a: undefined })).toBe("{{ a }}");
    expect(renderTemplate("{{ a }}")).toBe("{{ a }}");
  });

  test("formats bigint as digits", () => {
    expect(formatTemplateValue(12345678901234567890n)).toBe("12345678901234567890");
  });
});

describe("template checks", () => {
  test("accept real placeholders and ordinary braces", () => {
    expect(findTemplateProblems('Hi {{ name }}, {{n_2}}. JSON: {"a": 1} and {single}')).toEqual([]);
  });

  test("name dotted paths, filters and block tags", () => {
    const problems = findTemplateProblems("{{ user.name }} {{ name | upper }} {{#if x}}");
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^"\{\{ user\.name \}\}" is not a placeholder/);
  });

  test("list the variables in order of first use", () => {
    expect(listTemplateVariables("{{b}} {{ a }} {{b}}")).toEqual(["b", "a"]);
  });
});
