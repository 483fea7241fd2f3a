import { describe, expect, it } from "vitest";
import { parseRawContent } from "../parse-raw-content.js";

const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mPQrnoAAAJZAYaIpu9LAAAAAElFTkSuQmCC";

describe("parseRawContent: OpenAI chat", () => {
  const parsed = parseRawContent({
    method: "chat.completions.create",
    provider: "openai",
    request: {
      model: "gpt-4.1",
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: PNG, detail: "high" } },
            { type: "image_url", image_url: { url: "https://example.test/cat.jpg" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_9", type: "function", function: { name: "lookup", arguments: '{"q":"cat"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_9", content: '{"found":true}' },
      ],
      tools: [{ type: "function", function: { name: "lookup", parameters: {} } }],
    },
    response: {
      text: "A cat.",
      finishReason: "tool_calls",
      responseId: "chatcmpl-abc",
      toolCalls: [{ id: "call_10", type: "function", function: { name: "lookup", arguments: "not json" } }],
    },
  });

  it("keeps system messages in the input history", () => {
    expect(parsed.input_messages?.[0]).toEqual({
      role: "system",
      parts: [{ type: "text", content: "Be brief." }],
    });
    expect(parsed.system_instructions).toBeNull();
  });

  it("keeps the image data URI whole in a uri part, with its detail", () => {
    expect(parsed.input_messages?.[1]?.parts).toEqual([
      { type: "text", content: "What is this?" },
      { type: "uri", uri: PNG, mime_type: "image/png", modality: "image", detail: "high" },
      { type: "uri", uri: "https://example.test/cat.jpg", modality: "image" },
    ]);
  });

  it("turns assistant tool_calls into tool_call parts with parsed arguments", () => {
    expect(parsed.input_messages?.[2]).toEqual({
      role: "assistant",
      parts: [{ type: "tool_call", id: "call_9", name: "lookup", arguments: { q: "cat" } }],
    });
  });

  it("turns tool messages into tool_call_response parts", () => {
    expect(parsed.input_messages?.[3]).toEqual({
      role: "tool",
      parts: [{ type: "tool_call_response", id: "call_9", response: { found: true } }],
    });
  });

  it("builds the output message with text, tool calls and the finish reason", () => {
    expect(parsed.output_messages).toEqual([
      {
        role: "assistant",
        parts: [
          { type: "text", content: "A cat." },
          { type: "tool_call", id: "call_10", name: "lookup", arguments: "not json" },
        ],
        finish_reason: "tool_calls",
      },
    ]);
    expect(parsed.finish_reasons).toEqual(["tool_calls"]);
    expect(parsed.response_id).toBe("chatcmpl-abc");
  });

  it("keeps tool definitions as given", () => {
    expect(parsed.tool_definitions).toEqual([
      { type: "function", function: { name: "lookup", parameters: {} } },
    ]);
  });

  it("reads a raw ChatCompletion with several choices", () => {
    const raw = parseRawContent({
      method: null,
      provider: "openai",
      request: undefined,
      response: {
        id: "chatcmpl-n2",
        choices: [
          { index: 0, message: { role: "assistant", content: "One" }, finish_reason: "stop" },
          { index: 1, message: { role: "assistant", content: "Two" }, finish_reason: "length" },
        ],
      },
    });
    expect(raw.output_messages).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "One" }], finish_reason: "stop" },
      { role: "assistant", parts: [{ type: "text", content: "Two" }], finish_reason: "length" },
    ]);
    expect(raw.finish_reasons).toEqual(["stop", "length"]);
    expect(raw.response_id).toBe("chatcmpl-n2");
    expect(raw.input_messages).toBeNull();
  });

  it("maps audio input to a blob part", () => {
    const raw = parseRawContent({
      method: "chat.completions.create",
      provider: "openai",
      request: {
        messages: [
          { role: "user", content: [{ type: "input_audio", input_audio: { data: "UklGR", format: "wav" } }] },
        ],
      },
      response: undefined,
    });
    expect(raw.input_messages?.[0]?.parts).toEqual([
      { type: "blob", content: "UklGR", mime_type: "audio/wav", modality: "audio" },
    ]);
  });
});
