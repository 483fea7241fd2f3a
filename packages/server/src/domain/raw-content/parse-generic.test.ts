import { describe, expect, it } from "vitest";
import { parseRawContent } from "../parse-raw-content.js";

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
