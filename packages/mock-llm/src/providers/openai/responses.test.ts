import OpenAI from "openai";
import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { describe, expect, it } from "vitest";
import { countTokens } from "../../domain/count-tokens.js";
import { mockReasoningText, mockReplyText } from "../../domain/mock-text.js";
import { useMockLlm } from "../../test-support/use-mock-llm.js";

const mock = useMockLlm();
const client = () => new OpenAI({ apiKey: "test-key", baseURL: `${mock.current.url}/v1`, maxRetries: 0 });

const lookupTool = {
  type: "function" as const,
  name: "lookup",
  strict: false,
  parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
};

async function collect(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("POST /v1/responses through the openai SDK", () => {
  it("answers with one output_text message and usage counting instructions and input", async () => {
    const response = await client().responses.create({
      model: "gpt-4o",
      instructions: "Be brief.",
      input: "Tell me a fact",
    });
    expect(response.object).toBe("response");
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe(mockReplyText("Tell me a fact"));
    const inputTokens = countTokens("Be brief.Tell me a fact");
    expect(response.usage).toMatchObject({
      input_tokens: inputTokens,
      output_tokens: countTokens(mockReplyText("Tell me a fact")),
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it("streams the lifecycle events with increasing sequence numbers and four text deltas", async () => {
    const events = await collect(
      await client().responses.create({
        model: "gpt-4o",
        input: [{ role: "user", content: "Stream it" }],
        stream: true,
      }),
    );
    expect(events.map((event) => event.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const completed = events.at(-1);
    if (completed?.type !== "response.completed") throw new Error("expected response.completed last");
    expect(completed.response.usage?.output_tokens).toBe(countTokens(mockReplyText("Stream it")));
  });

  it("builds the final response with the SDK's responses.stream() helper", async () => {
    const stream = client().responses.stream({ model: "gpt-4o", input: "Helper please" });
    const deltas: string[] = [];
    stream.on("response.output_text.delta", (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(deltas.join("")).toBe(mockReplyText("Helper please"));
    expect(final.output_text).toBe(mockReplyText("Helper please"));
  });

  it("calls a function tool and streams its arguments in several deltas", async () => {
    const response = await client().responses.create({
      model: "gpt-4o",
      input: "use a tool to look it up",
      tools: [lookupTool],
    });
    expect(response.output[0]).toMatchObject({
      type: "function_call",
      name: "lookup",
      arguments: JSON.stringify({ query: "mock-query" }),
    });
    const events = await collect(
      await client().responses.create({
        model: "gpt-4o",
        input: "anything",
        tools: [lookupTool],
        tool_choice: { type: "function", name: "lookup" },
        stream: true,
      }),
    );
    const deltas = events.flatMap((event) =>
      event.type === "response.function_call_arguments.delta" ? [event.delta] : [],
    );
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(deltas.join("")).toBe(JSON.stringify({ query: "mock-query" }));
  });

  it("answers a function_call_output with text", async () => {
    const response = await client().responses.create({
      model: "gpt-4o",
      input: [
        { role: "user", content: [{ type: "input_text", text: "use a tool please" }] },
        { type: "function_call", call_id: "call_1", name: "lookup", arguments: "{}" },
        { type: "function_call_output", call_id: "call_1", output: "42" },
      ],
      tools: [lookupTool],
    });
    expect(response.output_text).toBe(mockReplyText("use a tool please"));
    expect(response.usage?.input_tokens).toBe(countTokens("use a tool please42"));
  });

  it("adds a reasoning item with a streamed summary for reasoning models", async () => {
    const events = await collect(
      await client().responses.create({
        model: "gpt-5",
        input: "Reason about it",
        reasoning: { effort: "low", summary: "auto" },
        stream: true,
      }),
    );
    const summary = events.flatMap((event) =>
      event.type === "response.reasoning_summary_text.delta" ? [event.delta] : [],
    );
    expect(summary.join("")).toBe(mockReasoningText("Reason about it"));
    const completed = events.at(-1);
    if (completed?.type !== "response.completed") throw new Error("expected response.completed last");
    expect(completed.response.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    expect(completed.response.usage?.output_tokens_details.reasoning_tokens).toBe(
      countTokens(mockReasoningText("Reason about it")),
    );
  });

  it("ends incomplete with response.incomplete when max_output_tokens cuts the reply", async () => {
    const events = await collect(
      await client().responses.create({
        model: "gpt-4o",
        input: "Long answer",
        max_output_tokens: 3,
        stream: true,
      }),
    );
    const last = events.at(-1);
    expect(last?.type).toBe("response.incomplete");
    if (last?.type !== "response.incomplete") return;
    expect(last.response.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(last.response.usage?.output_tokens).toBe(3);
  });
});
