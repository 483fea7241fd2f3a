import { describe, expect, it } from "vitest";
import { parseRawContent, toContentPart, toToolCallPart } from "./parse-raw-content.js";

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

describe("parseRawContent: LangChain and Mastra", () => {
  it("reads {prompts} as user messages and a {text, toolCalls} result", () => {
    const parsed = parseRawContent({
      method: null,
      provider: null,
      request: { prompts: ["Tell a joke", "Tell another"] },
      response: { text: "Why…", toolCalls: [{ id: "lc_1", name: "search", args: { q: "jokes" } }] },
    });
    expect(parsed.input_messages).toEqual([
      { role: "user", parts: [{ type: "text", content: "Tell a joke" }] },
      { role: "user", parts: [{ type: "text", content: "Tell another" }] },
    ]);
    expect(parsed.output_messages).toEqual([
      {
        role: "assistant",
        parts: [
          { type: "text", content: "Why…" },
          { type: "tool_call", id: "lc_1", name: "search", arguments: { q: "jokes" } },
        ],
      },
    ]);
    expect(parsed.finish_reasons).toEqual([]);
  });

  it("reads LangChain message types and batched message lists", () => {
    const parsed = parseRawContent({
      method: "llm.completion",
      provider: null,
      request: {
        messages: [
          [
            { type: "system", content: "Rules" },
            { type: "human", content: "Hello" },
            {
              lc: 1,
              type: "constructor",
              id: ["langchain_core", "messages", "AIMessage"],
              kwargs: { content: "Hi" },
            },
          ],
        ],
      },
      response: undefined,
    });
    expect(parsed.input_messages?.map((message) => message.role)).toEqual(["system", "user", "assistant"]);
    expect(parsed.input_messages?.[2]?.parts).toEqual([{ type: "text", content: "Hi" }]);
  });

  it("reads a plain string input", () => {
    const parsed = parseRawContent({
      method: "agent.helper.generate",
      provider: null,
      request: "Do it",
      response: "Done",
    });
    expect(parsed.input_messages).toEqual([{ role: "user", parts: [{ type: "text", content: "Do it" }] }]);
    expect(parsed.output_messages).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "Done" }] },
    ]);
  });
});

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
