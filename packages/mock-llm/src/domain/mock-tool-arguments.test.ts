import { describe, expect, it } from "vitest";
import { mockToolArguments } from "./mock-tool-arguments.js";

describe("mockToolArguments", () => {
  it("fills required properties by type, enum and const", () => {
    expect(
      mockToolArguments({
        type: "object",
        properties: {
          city: { type: "string" },
          days: { type: "integer" },
          metric: { type: "boolean" },
          unit: { type: "string", enum: ["c", "f"] },
          kind: { const: "forecast" },
          tags: { type: "array", items: { type: "string" } },
          where: { type: "object", properties: { lat: { type: "number" } } },
          optional: { type: "string" },
        },
        required: ["city", "days", "metric", "unit", "kind", "tags", "where"],
      }),
    ).toEqual({
      city: "mock-city",
      days: 1,
      metric: true,
      unit: "c",
      kind: "forecast",
      tags: ["mock-tags"],
      where: { lat: 1 },
    });
  });

  it("reads Gemini's upper-case types, nullable unions and schemas without properties", () => {
    expect(mockToolArguments({ type: "OBJECT", properties: { q: { type: "STRING" } } })).toEqual({
      q: "mock-q",
    });
    expect(mockToolArguments({ type: "object", properties: { n: { type: ["null", "number"] } } })).toEqual({
      n: 1,
    });
    expect(mockToolArguments(undefined)).toEqual({});
  });
});
