import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { useMockLlm } from "../test-support/use-mock-llm.js";

const mock = useMockLlm();
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

function openai(headers: Record<string, string> = {}) {
  return new OpenAI({
    apiKey: "test",
    baseURL: `${mock.current.url}/v1`,
    defaultHeaders: headers,
    maxRetries: 0,
  });
}

describe("x-mock-first-chunk-delay-ms", () => {
  it("holds the first event back after the headers arrived, then streams normally", async () => {
    const { data: stream, response } = await openai({ "x-mock-first-chunk-delay-ms": "150" })
      .chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }], stream: true })
      .withResponse();
    const headersAt = performance.now();
    expect(response.status).toBe(200);
    let firstAt: number | undefined;
    let text = "";
    for await (const chunk of stream) {
      firstAt ??= performance.now();
      text += chunk.choices[0]?.delta.content ?? "";
    }
    // A lower bound only: the mock sleeps at least this long before the first event.
    expect((firstAt ?? 0) - headersAt).toBeGreaterThanOrEqual(100);
    expect(text).toBe("Mock reply to: Hi");
  });
});

describe("x-mock-stream-chunks", () => {
  it("sends the reply as exactly n content chunks, lengthened to fit, with usage to match", async () => {
    const stream = await openai({ "x-mock-stream-chunks": "100" }).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let completionTokens: number | undefined;
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) pieces.push(content);
      if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
    }
    expect(pieces).toHaveLength(100);
    const text = pieces.join("");
    expect(text.startsWith("Mock reply to: Hi lorem")).toBe(true);
    expect(completionTokens).toBe(Math.ceil(Array.from(text).length / 4));
  });

  it("rejects a count outside 1..10000", async () => {
    await expect(
      openai({ "x-mock-stream-chunks": "0" }).chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "Hi" }],
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe("x-mock-malformed-chunk-after-chunks", () => {
  it("breaks the OpenAI stream with a JSON parse error after n events", async () => {
    const stream = await openai({ "x-mock-malformed-chunk-after-chunks": "2" }).chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    const seen: unknown[] = [];
    await expect(async () => {
      for await (const chunk of stream) seen.push(chunk);
    }).rejects.toThrow(SyntaxError);
    expect(seen).toHaveLength(2);
  });

  it("breaks the Anthropic stream the same way", async () => {
    const anthropic = new Anthropic({
      apiKey: "test",
      baseURL: mock.current.url,
      defaultHeaders: { "x-mock-malformed-chunk-after-chunks": "1" },
      maxRetries: 0,
    });
    const stream = await anthropic.messages.create({
      model: "claude-sonnet-4-20250514",
      max_tokens: 100,
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    await expect(async () => {
      for await (const _event of stream) {
        // drain
      }
    }).rejects.toThrow();
  });
});

describe("image inputs", () => {
  it("counts data URI and URL images, reports them in x-mock-image-count and on the recorded request", async () => {
    const { response } = await openai()
      .chat.completions.create({
        model: "gpt-4o",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
              { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
            ],
          },
        ],
      })
      .withResponse();
    expect(response.headers.get("x-mock-image-count")).toBe("2");
    expect(mock.current.requests[0]?.imageCount).toBe(2);
  });

  it("rejects a malformed base64 image like a provider does", async () => {
    const anthropic = new Anthropic({ apiKey: "test", baseURL: mock.current.url, maxRetries: 0 });
    await expect(
      anthropic.messages.create({
        model: "claude-sonnet-4-20250514",
        max_tokens: 100,
        messages: [
          {
            role: "user",
            content: [
              { type: "image", source: { type: "base64", media_type: "image/png", data: "not base64!" } },
            ],
          },
        ],
      }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });
});

describe("OpenRouter's /api/v1 path", () => {
  it("answers chat completions in the OpenRouter flavour (provider, usage.cost)", async () => {
    const client = new OpenAI({ apiKey: "test", baseURL: `${mock.current.url}/api/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: "openai/gpt-4o-mini",
      messages: [{ role: "user", content: "Hello!" }],
    });
    const usage = completion.usage as unknown as { cost?: number };
    expect(typeof usage.cost).toBe("number");
    expect((completion as unknown as { provider?: string }).provider).toBe("OpenAI");
  });
});
