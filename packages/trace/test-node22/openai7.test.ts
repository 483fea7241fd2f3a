/** `openai` 7 (Node >= 22) through wrapOpenAI: chat and responses × {plain, stream, error}. */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fallom from "../src/index.js";
import { type Node22Harness, startNode22Harness } from "./support/node22-harness.js";

let h: Node22Harness;
beforeAll(async () => {
  h = await startNode22Harness();
  await fallom.init({ apiKey: h.apiKey, baseUrl: h.serverUrl });
});
afterAll(async () => {
  await fallom.shutdown();
  await h.close();
});

const client = (headers: Record<string, string> = {}) =>
  new OpenAI({ apiKey: "test", baseURL: `${h.mock.url}/v1`, defaultHeaders: headers, maxRetries: 0 });

async function spansOf(sessionId: string, count: number) {
  await fallom.flush();
  return h.waitForSpans({ session_id: sessionId }, count);
}

describe("openai 7", () => {
  it("is the major this line is meant to test", async () => {
    const { VERSION } = await import("openai/version");
    expect(VERSION.split(".")[0]).toBe("7");
  });

  it("traces chat.completions.create plain, streamed and failing", async () => {
    const session = fallom.session({ configKey: "node22", sessionId: "openai7-chat" });
    const openai = session.wrapOpenAI(client());
    const messages = [{ role: "user" as const, content: "Hello" }];
    const plain = await openai.chat.completions.create({ model: "gpt-4o", messages });
    expect(plain.choices[0]?.message.content).toBe("Mock reply to: Hello");
    let streamed = "";
    for await (const chunk of await openai.chat.completions.create({
      model: "gpt-4o",
      messages,
      stream: true,
    })) {
      streamed += chunk.choices[0]?.delta.content ?? "";
    }
    expect(streamed).toBe("Mock reply to: Hello");
    const failing = session.wrapOpenAI(client({ "x-mock-error": "400" }));
    const error = await failing.chat.completions
      .create({ model: "gpt-4o", messages })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const spans = await spansOf("openai7-chat", 3);
    expect(spans.map((span) => span.status).sort()).toEqual(["ERROR", "OK", "OK"]);
    const stream = spans.find((span) => span.is_streaming);
    expect(stream?.output_tokens).toBeGreaterThan(0);
    expect(stream?.time_to_first_token_ms).toBeGreaterThan(0);
  });

  it("traces responses.create plain, streamed and failing", async () => {
    const session = fallom.session({ configKey: "node22", sessionId: "openai7-responses" });
    const openai = session.wrapOpenAI(client());
    const plain = await openai.responses.create({ model: "gpt-4o", input: "Hello" });
    expect(plain.output_text).toBe("Mock reply to: Hello");
    let streamed = "";
    for await (const event of await openai.responses.create({
      model: "gpt-4o",
      input: "Hello",
      stream: true,
    })) {
      if (event.type === "response.output_text.delta") streamed += event.delta;
    }
    expect(streamed).toBe("Mock reply to: Hello");
    const failing = session.wrapOpenAI(client({ "x-mock-error": "400" }));
    const error = await failing.responses
      .create({ model: "gpt-4o", input: "Hello" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const spans = await spansOf("openai7-responses", 3);
    expect(spans.map((span) => span.status).sort()).toEqual(["ERROR", "OK", "OK"]);
    expect(spans.every((span) => span.name === "responses.create")).toBe(true);
  });
});
