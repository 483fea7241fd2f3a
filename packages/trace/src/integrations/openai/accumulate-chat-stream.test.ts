import { describe, expect, it } from "vitest";
import { ChatStreamAccumulator } from "./accumulate-chat-stream.js";

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: "chatcmpl-1",
  model: "gpt-4o-2024-08-06",
  choices: [{ index: 0, delta, finish_reason: null }],
  ...extra,
});

describe("ChatStreamAccumulator", () => {
  it("does not count role-only or empty chunks as content, and counts text, refusal and tool deltas", () => {
    const accumulator = new ChatStreamAccumulator();
    expect(accumulator.add(chunk({ role: "assistant", content: "" })).hasContent).toBe(false);
    expect(accumulator.add(chunk({ content: "Hel" })).hasContent).toBe(true);
    expect(accumulator.add(chunk({ refusal: "No" })).hasContent).toBe(true);
    expect(
      accumulator.add(chunk({ tool_calls: [{ index: 0, id: "c1", function: { name: "f", arguments: "" } }] }))
        .hasContent,
    ).toBe(true);
  });

  it("concatenates text and tool arguments per index and keeps the last usage", () => {
    const accumulator = new ChatStreamAccumulator();
    accumulator.add(chunk({ content: "Hel" }));
    accumulator.add(chunk({ content: "lo" }));
    accumulator.add(
      chunk({
        tool_calls: [{ index: 0, id: "c1", type: "function", function: { name: "f", arguments: '{"a"' } }],
      }),
    );
    accumulator.add(chunk({ tool_calls: [{ index: 0, function: { arguments: ":1}" } }] }));
    accumulator.add({ id: "chatcmpl-1", choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
    const usageOnly = accumulator.add({
      id: "chatcmpl-1",
      choices: [],
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
      system_fingerprint: "fp_1",
    });
    expect(usageOnly).toEqual({ hasContent: false, isUsageOnly: true });
    const result = accumulator.result();
    expect(result.responseId).toBe("chatcmpl-1");
    expect(result.responseModel).toBe("gpt-4o-2024-08-06");
    expect(result.finishReasons).toEqual(["tool_calls"]);
    expect(result.usage).toEqual({ inputTokens: 5, outputTokens: 3, totalTokens: 8 });
    expect(result.attributes?.["openai.response.system_fingerprint"]).toBe("fp_1");
    expect(result.rawResponse?.()).toMatchObject({
      text: "Hello",
      toolCalls: [{ id: "c1", type: "function", function: { name: "f", arguments: '{"a":1}' } }],
    });
  });

  it("reports every choice when n > 1", () => {
    const accumulator = new ChatStreamAccumulator();
    accumulator.add({ id: "x", choices: [{ index: 1, delta: { content: "B" }, finish_reason: "stop" }] });
    accumulator.add({ id: "x", choices: [{ index: 0, delta: { content: "A" }, finish_reason: "stop" }] });
    const raw = accumulator.result().rawResponse?.() as Record<string, any>;
    expect(raw.text).toBe("A");
    expect(raw.choices.map((choice: any) => choice.message.content)).toEqual(["A", "B"]);
  });
});
