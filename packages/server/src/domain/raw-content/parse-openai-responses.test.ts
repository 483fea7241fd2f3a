import { describe, expect, it } from "vitest";
import { parseRawContent } from "../parse-raw-content.js";

const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mPQrnoAAAJZAYaIpu9LAAAAAElFTkSuQmCC";

describe("parseRawContent: OpenAI Responses", () => {
  it("reads instructions as system instructions and a string input as one user message", () => {
    const parsed = parseRawContent({
      method: "responses.create",
      provider: "openai",
      request: { model: "gpt-5", input: "Hi there", instructions: "Answer in French.", tools: null },
      response: {
        responseId: "resp_1",
        status: "completed",
        output: [
          { type: "reasoning", content: [] },
          { type: "message", content: [{ type: "output_text", text: "Bonjour" }] },
        ],
        text: "Bonjour",
      },
    });
    expect(parsed.system_instructions).toEqual([{ type: "text", content: "Answer in French." }]);
    expect(parsed.input_messages).toEqual([{ role: "user", parts: [{ type: "text", content: "Hi there" }] }]);
    expect(parsed.output_messages).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "Bonjour" }] },
    ]);
    expect(parsed.finish_reasons).toEqual([]);
    expect(parsed.response_id).toBe("resp_1");
    expect(parsed.tool_definitions).toBeNull();
  });

  it("reads input items: messages, images, function calls and their outputs", () => {
    const parsed = parseRawContent({
      method: "responses.create",
      provider: "openai",
      request: {
        input: [
          {
            role: "user",
            content: [
              { type: "input_text", text: "Weather here?" },
              { type: "input_image", image_url: PNG, detail: "low" },
            ],
          },
          { type: "function_call", call_id: "fc_1", name: "weather", arguments: '{"city":"Oslo"}' },
          { type: "function_call_output", call_id: "fc_1", output: "4°C" },
        ],
      },
      response: {
        output: [
          { type: "reasoning", summary: [{ type: "summary_text", text: "User wants weather." }] },
          { type: "function_call", call_id: "fc_2", name: "forecast", arguments: "{}" },
        ],
      },
    });
    expect(parsed.input_messages).toEqual([
      {
        role: "user",
        parts: [
          { type: "text", content: "Weather here?" },
          { type: "uri", uri: PNG, mime_type: "image/png", modality: "image", detail: "low" },
        ],
      },
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: "fc_1", name: "weather", arguments: { city: "Oslo" } }],
      },
      { role: "tool", parts: [{ type: "tool_call_response", id: "fc_1", response: "4°C" }] },
    ]);
    expect(parsed.output_messages).toEqual([
      {
        role: "assistant",
        parts: [
          { type: "reasoning", content: "User wants weather." },
          { type: "tool_call", id: "fc_2", name: "forecast", arguments: {} },
        ],
      },
    ]);
  });
});
