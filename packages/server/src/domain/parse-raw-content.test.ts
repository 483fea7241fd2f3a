import { describe, expect, it } from "vitest";
import { parseRawContent, toContentPart, toToolCallPart } from "./parse-raw-content.js";

describe("parseRawContent: selection and empty input", () => {
  it("falls back to shape detection when the method is unknown", () => {
    const parsed = parseRawContent({
      method: null,
      provider: null,
      request: { system: "S", messages: [{ role: "user", content: "U" }] },
      response: { content: [{ type: "text", text: "A" }], stop_reason: "end_turn", id: "msg_x" },
    });
    expect(parsed.system_instructions).toEqual([{ type: "text", content: "S" }]);
    expect(parsed.output_messages).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "A" }], finish_reason: "end_turn" },
    ]);
    expect(parsed.response_id).toBe("msg_x");
  });

  it("returns nulls and an empty finish-reason list without content", () => {
    expect(
      parseRawContent({
        method: "chat.completions.create",
        provider: "openai",
        request: undefined,
        response: undefined,
      }),
    ).toEqual({
      input_messages: null,
      system_instructions: null,
      output_messages: null,
      tool_definitions: null,
      finish_reasons: [],
      response_id: null,
    });
  });
});

describe("part helpers", () => {
  it("toContentPart makes text of strings and json of anything else", () => {
    expect(toContentPart("hi")).toEqual({ type: "text", content: "hi" });
    expect(toContentPart([1, 2])).toEqual({ type: "json", content: [1, 2] });
  });

  it("toToolCallPart reads every tool-call shape and rejects nameless ones", () => {
    expect(toToolCallPart({ toolCallId: "a", toolName: "t", input: { x: 1 } })).toEqual({
      type: "tool_call",
      id: "a",
      name: "t",
      arguments: { x: 1 },
    });
    expect(toToolCallPart({ id: "b" })).toBeNull();
  });
});
