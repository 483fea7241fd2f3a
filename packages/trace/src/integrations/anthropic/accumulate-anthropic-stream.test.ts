import { describe, expect, it } from "vitest";
import { AnthropicStreamAccumulator } from "./accumulate-anthropic-stream.js";

describe("AnthropicStreamAccumulator", () => {
  it("rebuilds text and tool input, counts only content deltas, and merges usage", () => {
    const accumulator = new AnthropicStreamAccumulator();
    const events = [
      {
        type: "message_start",
        message: {
          id: "msg_1",
          model: "claude-sonnet-4-20250514",
          role: "assistant",
          content: [],
          usage: { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 100 },
        },
      },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hel" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "lo" } },
      { type: "content_block_stop", index: 0 },
      {
        type: "content_block_start",
        index: 1,
        content_block: { type: "tool_use", id: "tu_1", name: "f", input: {} },
      },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"a":' } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "1}" } },
      { type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 30 } },
      { type: "message_stop" },
    ];
    const verdicts = events.map((event) => accumulator.add(event));
    expect(verdicts).toEqual([false, false, true, true, false, false, true, true, false, false]);
    const result = accumulator.result();
    expect(result.responseId).toBe("msg_1");
    expect(result.finishReasons).toEqual(["tool_use"]);
    expect(result.usage).toEqual({ inputTokens: 110, outputTokens: 30, cacheReadTokens: 100 });
    expect(result.rawResponse?.()).toMatchObject({
      text: "Hello",
      toolCalls: [{ id: "tu_1", name: "f", arguments: { a: 1 } }],
    });
  });

  it("counts a thinking delta as content", () => {
    const accumulator = new AnthropicStreamAccumulator();
    accumulator.add({
      type: "content_block_start",
      index: 0,
      content_block: { type: "thinking", thinking: "" },
    });
    expect(
      accumulator.add({
        type: "content_block_delta",
        index: 0,
        delta: { type: "thinking_delta", thinking: "hm" },
      }),
    ).toBe(true);
    expect(accumulator.add({ type: "ping" })).toBe(false);
  });
});
