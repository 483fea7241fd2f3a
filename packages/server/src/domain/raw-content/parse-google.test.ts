import { describe, expect, it } from "vitest";
import { parseRawContent } from "../parse-raw-content.js";

describe("parseRawContent: Google", () => {
  it("reads contents, systemInstruction, tools and candidates", () => {
    const parsed = parseRawContent({
      method: "generateContent",
      provider: "google",
      request: {
        contents: [
          {
            role: "user",
            parts: [{ text: "Plan a menu" }, { inlineData: { mimeType: "image/webp", data: "UklGRg" } }],
          },
          { role: "model", parts: [{ functionCall: { name: "pantry", args: { shelf: 1 } } }] },
          { role: "user", parts: [{ functionResponse: { name: "pantry", response: { items: ["rice"] } } }] },
        ],
        systemInstruction: { parts: [{ text: "You cook." }] },
        tools: [{ functionDeclarations: [{ name: "pantry" }] }],
      },
      response: {
        text: "Rice bowl",
        candidates: [
          {
            content: { role: "model", parts: [{ text: "Thinking…", thought: true }, { text: "Rice bowl" }] },
            finishReason: "STOP",
          },
        ],
        finishReason: "STOP",
      },
    });
    expect(parsed.system_instructions).toEqual([{ type: "text", content: "You cook." }]);
    expect(parsed.input_messages).toEqual([
      {
        role: "user",
        parts: [
          { type: "text", content: "Plan a menu" },
          { type: "blob", content: "UklGRg", mime_type: "image/webp", modality: "image" },
        ],
      },
      { role: "model", parts: [{ type: "tool_call", id: null, name: "pantry", arguments: { shelf: 1 } }] },
      {
        role: "user",
        parts: [{ type: "tool_call_response", id: null, response: { items: ["rice"] }, name: "pantry" }],
      },
    ]);
    expect(parsed.output_messages).toEqual([
      {
        role: "model",
        parts: [
          { type: "reasoning", content: "Thinking…" },
          { type: "text", content: "Rice bowl" },
        ],
        finish_reason: "STOP",
      },
    ]);
    expect(parsed.finish_reasons).toEqual(["STOP"]);
    expect(parsed.tool_definitions).toEqual([{ functionDeclarations: [{ name: "pantry" }] }]);
    expect(parsed.response_id).toBeNull();
  });

  it("reads a plain string first argument and a candidate count", () => {
    const parsed = parseRawContent({
      method: "generateContentStream",
      provider: "google",
      request: "Name three rivers",
      response: { text: "Nile, Amazon, Danube", candidates: 1, finishReason: "STOP" },
    });
    expect(parsed.input_messages).toEqual([
      { role: "user", parts: [{ type: "text", content: "Name three rivers" }] },
    ]);
    expect(parsed.output_messages).toEqual([
      { role: "model", parts: [{ type: "text", content: "Nile, Amazon, Danube" }], finish_reason: "STOP" },
    ]);
  });

  it("reads @google/genai config-nested system instruction and a list of parts", () => {
    const parsed = parseRawContent({
      method: "models.generate_content",
      provider: null,
      request: {
        model: "gemini-2.5-pro",
        contents: ["Summarise", { fileData: { mimeType: "application/pdf", fileUri: "gs://bucket/a.pdf" } }],
        config: { systemInstruction: "Be short." },
      },
      response: undefined,
    });
    expect(parsed.system_instructions).toEqual([{ type: "text", content: "Be short." }]);
    expect(parsed.input_messages).toEqual([
      {
        role: "user",
        parts: [
          { type: "text", content: "Summarise" },
          { type: "uri", uri: "gs://bucket/a.pdf", mime_type: "application/pdf", modality: "document" },
        ],
      },
    ]);
  });
});
