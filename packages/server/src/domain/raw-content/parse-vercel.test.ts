import { describe, expect, it } from "vitest";
import { parseRawContent } from "../parse-raw-content.js";

const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mPQrnoAAAJZAYaIpu9LAAAAAElFTkSuQmCC";

describe("parseRawContent: Vercel AI SDK", () => {
  it("reads {prompt, system} and a text result with tool calls and results", () => {
    const parsed = parseRawContent({
      method: "generateText",
      provider: "openai",
      request: { prompt: "Order status?", system: "You are support.", tools: ["lookupOrder"], maxSteps: 3 },
      response: {
        text: "",
        finishReason: "tool-calls",
        toolCalls: [{ toolCallId: "tc_1", toolName: "lookupOrder", args: { id: "A-1" } }],
        toolResults: [{ toolCallId: "tc_1", toolName: "lookupOrder", result: { status: "shipped" } }],
        steps: [{ finishReason: "tool-calls", responseId: "resp_step1" }],
      },
    });
    expect(parsed.system_instructions).toEqual([{ type: "text", content: "You are support." }]);
    expect(parsed.input_messages).toEqual([
      { role: "user", parts: [{ type: "text", content: "Order status?" }] },
    ]);
    expect(parsed.tool_definitions).toEqual(["lookupOrder"]);
    expect(parsed.output_messages).toEqual([
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: "tc_1", name: "lookupOrder", arguments: { id: "A-1" } }],
        finish_reason: "tool-calls",
      },
      {
        role: "tool",
        parts: [
          { type: "tool_call_response", id: "tc_1", response: { status: "shipped" }, name: "lookupOrder" },
        ],
      },
    ]);
    expect(parsed.finish_reasons).toEqual(["tool-calls"]);
    expect(parsed.response_id).toBe("resp_step1");
  });

  it("prefers responseMessages and takes the last step's response id", () => {
    const parsed = parseRawContent({
      method: "streamText",
      provider: "anthropic",
      request: {
        messages: [
          {
            role: "user",
            content: [
              { type: "image", image: PNG },
              { type: "text", text: "Colour?" },
            ],
          },
        ],
      },
      response: {
        text: "Blue",
        finishReason: "stop",
        steps: [{ responseId: "gen-1" }, { responseId: "gen-2" }],
        responseMessages: [
          {
            role: "assistant",
            content: [
              { type: "reasoning", text: "It is blue." },
              { type: "tool-call", toolCallId: "t1", toolName: "pick", args: {} },
            ],
          },
          {
            role: "tool",
            content: [{ type: "tool-result", toolCallId: "t1", toolName: "pick", result: "ok" }],
          },
          { role: "assistant", content: [{ type: "text", text: "Blue" }] },
        ],
      },
    });
    expect(parsed.input_messages).toEqual([
      {
        role: "user",
        parts: [
          { type: "uri", uri: PNG, mime_type: "image/png", modality: "image" },
          { type: "text", content: "Colour?" },
        ],
      },
    ]);
    expect(parsed.output_messages).toEqual([
      {
        role: "assistant",
        parts: [
          { type: "reasoning", content: "It is blue." },
          { type: "tool_call", id: "t1", name: "pick", arguments: {} },
        ],
      },
      { role: "tool", parts: [{ type: "tool_call_response", id: "t1", response: "ok", name: "pick" }] },
      { role: "assistant", parts: [{ type: "text", content: "Blue" }], finish_reason: "stop" },
    ]);
    expect(parsed.response_id).toBe("gen-2");
  });

  it("reads a generateObject result as a json part", () => {
    const parsed = parseRawContent({
      method: "generateObject",
      provider: "openai",
      request: { prompt: "A person", schema: "provided" },
      response: { object: { name: "Ada", age: 36 }, finishReason: "stop" },
    });
    expect(parsed.output_messages).toEqual([
      {
        role: "assistant",
        parts: [{ type: "json", content: { name: "Ada", age: 36 } }],
        finish_reason: "stop",
      },
    ]);
  });

  it("turns base64 file data into a blob part", () => {
    const parsed = parseRawContent({
      method: "generateText",
      provider: "google",
      request: {
        messages: [
          { role: "user", content: [{ type: "file", data: "JVBERi0", mediaType: "application/pdf" }] },
        ],
      },
      response: undefined,
    });
    expect(parsed.input_messages?.[0]?.parts).toEqual([
      { type: "blob", content: "JVBERi0", mime_type: "application/pdf", modality: "document" },
    ]);
  });
});
