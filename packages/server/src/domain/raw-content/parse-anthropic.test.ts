import { describe, expect, it } from "vitest";
import { parseRawContent } from "../parse-raw-content.js";

describe("parseRawContent: Anthropic", () => {
  const parsed = parseRawContent({
    method: "messages.create",
    provider: "anthropic",
    request: {
      system: [{ type: "text", text: "You are terse.", cache_control: { type: "ephemeral" } }],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Describe it" },
            { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQ" } },
          ],
        },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "toolu_1", name: "zoom", input: { level: 2 } }],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "zoomed" }] },
          ],
        },
      ],
      tools: [{ name: "zoom", input_schema: { type: "object" } }],
    },
    response: {
      text: "A red barn.",
      finishReason: "end_turn",
      responseId: "msg_1",
      content: [
        { type: "thinking", thinking: "Looks like a barn.", signature: "sig" },
        { type: "text", text: "A red barn." },
      ],
    },
  });

  it("reads system blocks as system instructions without the cache marker", () => {
    expect(parsed.system_instructions).toEqual([{ type: "text", content: "You are terse." }]);
  });

  it("maps base64 images to blob parts and tool blocks to tool parts", () => {
    expect(parsed.input_messages).toEqual([
      {
        role: "user",
        parts: [
          { type: "text", content: "Describe it" },
          { type: "blob", content: "/9j/4AAQ", mime_type: "image/jpeg", modality: "image" },
        ],
      },
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: "toolu_1", name: "zoom", arguments: { level: 2 } }],
      },
      { role: "user", parts: [{ type: "tool_call_response", id: "toolu_1", response: "zoomed" }] },
    ]);
  });

  it("reads the response content blocks, thinking included", () => {
    expect(parsed.output_messages).toEqual([
      {
        role: "assistant",
        parts: [
          { type: "reasoning", content: "Looks like a barn." },
          { type: "text", content: "A red barn." },
        ],
        finish_reason: "end_turn",
      },
    ]);
    expect(parsed.finish_reasons).toEqual(["end_turn"]);
    expect(parsed.response_id).toBe("msg_1");
    expect(parsed.tool_definitions).toEqual([{ name: "zoom", input_schema: { type: "object" } }]);
  });

  it("falls back to text and toolCalls when the response has no content blocks", () => {
    const fallback = parseRawContent({
      method: "messages.create",
      provider: "anthropic",
      request: { system: "Plain system", messages: [{ role: "user", content: "Go" }] },
      response: {
        text: "Ok",
        stop_reason: "tool_use",
        toolCalls: [{ id: "toolu_2", name: "run", arguments: {} }],
      },
    });
    expect(fallback.system_instructions).toEqual([{ type: "text", content: "Plain system" }]);
    expect(fallback.output_messages).toEqual([
      {
        role: "assistant",
        parts: [
          { type: "text", content: "Ok" },
          { type: "tool_call", id: "toolu_2", name: "run", arguments: {} },
        ],
        finish_reason: "tool_use",
      },
    ]);
  });
});
