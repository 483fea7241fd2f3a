/** SPEC §2.5.1 chat streaming rules 1–5, the APIPromise helpers and the SDK's Stream helpers. */
import OpenAI from "openai";
import { Stream } from "openai/streaming";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import fallom from "../src/index.js";
import { type Harness, startHarness } from "./support/harness.js";
import { normalise, uniqueSessionId } from "./support/stainless.js";

let harness: Harness;
let plain: OpenAI;

beforeAll(async () => {
  harness = await startHarness();
  await fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
  plain = new OpenAI({ apiKey: "test", baseURL: `${harness.mock.url}/v1`, maxRetries: 0 });
});
beforeEach(() => {
  harness.mock.requests.length = 0;
});
afterAll(async () => {
  await fallom.shutdown();
  await harness.close();
});

const body = { model: "gpt-4o", messages: [{ role: "user" as const, content: "Stream me something" }] };

function wrap(sessionId: string): OpenAI {
  return fallom.session({ configKey: "streaming", sessionId }).wrapOpenAI(plain);
}

async function onlySpan(sessionId: string): Promise<Record<string, any>> {
  await fallom.flush();
  const spans = await harness.server.waitForSpans({ session_id: sessionId, include: "content" }, 1);
  expect(spans).toHaveLength(1);
  return spans[0] as Record<string, any>;
}

async function collect(stream: AsyncIterable<unknown>): Promise<any[]> {
  const chunks: any[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("stream_options.include_usage", () => {
  it("is injected when the caller did not set it, and the usage-only chunk is hidden", async () => {
    const sessionId = uniqueSessionId("inject");
    const chunks = await collect(await wrap(sessionId).chat.completions.create({ ...body, stream: true }));
    expect((harness.mock.requests[0]?.body as any)?.stream_options).toEqual({ include_usage: true });
    expect(chunks.some((chunk) => chunk.choices.length === 0)).toBe(false);
    expect(chunks.some((chunk) => "usage" in chunk)).toBe(false);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe(
      "Mock reply to: Stream me something",
    );
    const span = await onlySpan(sessionId);
    expect(span.input_tokens).toBeGreaterThan(0);
    expect(span.output_tokens).toBeGreaterThan(0);
    expect(span.time_to_first_token_ms).toBeGreaterThan(0);
    expect(span.output_messages[0].parts[0].content).toBe("Mock reply to: Stream me something");
  });

  it.each([true, false])(
    "is left as the caller set it (include_usage: %s), usage chunk and all",
    async (value) => {
      const sessionId = uniqueSessionId(`caller-${value}`);
      const request = { ...body, stream: true as const, stream_options: { include_usage: value } };
      const wrappedChunks = await collect(await wrap(sessionId).chat.completions.create(request));
      const plainChunks = await collect(await plain.chat.completions.create(request));
      expect(normalise(wrappedChunks)).toEqual(normalise(plainChunks));
      expect((harness.mock.requests[0]?.body as any)?.stream_options).toEqual({ include_usage: value });
      expect(wrappedChunks.some((chunk) => chunk.choices.length === 0)).toBe(value);
      const span = await onlySpan(sessionId);
      expect(span.output_tokens === null).toBe(!value);
    },
  );

  it("retries once without injection when the server rejects stream_options, and says so", async () => {
    const sessionId = uniqueSessionId("reject");
    const options = { headers: { "x-mock-reject-stream-options": "1" } };
    const wrappedChunks = await collect(
      await wrap(sessionId).chat.completions.create({ ...body, stream: true }, options),
    );
    const requests = harness.mock.requests.map((request) => (request.body as any).stream_options);
    expect(requests).toEqual([{ include_usage: true }, undefined]);
    const plainChunks = await collect(
      await plain.chat.completions.create({ ...body, stream: true }, options),
    );
    expect(normalise(wrappedChunks)).toEqual(normalise(plainChunks));
    const span = await onlySpan(sessionId);
    expect(span.status).toBe("OK");
    expect(span.attributes["fallom.stream_usage"]).toBe(false);
    expect(span.time_to_first_token_ms).toBeGreaterThan(0);
  });

  it("does not retry a 400 the caller's own stream_options caused", async () => {
    const sessionId = uniqueSessionId("reject-own");
    const request = { ...body, stream: true as const, stream_options: { include_usage: true } };
    const options = { headers: { "x-mock-reject-stream-options": "1" } };
    const error = await wrap(sessionId)
      .chat.completions.create(request, options)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(harness.mock.requests).toHaveLength(1);
    expect((await onlySpan(sessionId)).status).toBe("ERROR");
  });
});

describe("APIPromise helpers", () => {
  it("withResponse() works and is traced once", async () => {
    const sessionId = uniqueSessionId("with-response");
    const { data, response, request_id } = await wrap(sessionId).chat.completions.create(body).withResponse();
    expect(response.status).toBe(200);
    expect(request_id).toBe(response.headers.get("x-request-id"));
    expect(data.choices[0]?.message.content).toBe("Mock reply to: Stream me something");
    const span = await onlySpan(sessionId);
    expect(span.response_id).toBe(data.id);
    expect(span.input_tokens).toBe(data.usage?.prompt_tokens);
  });

  it("withResponse() on a stream returns the SDK's Stream, still traced", async () => {
    const sessionId = uniqueSessionId("with-response-stream");
    const { data } = await wrap(sessionId)
      .chat.completions.create({ ...body, stream: true })
      .withResponse();
    expect(data).toBeInstanceOf(Stream);
    expect((await collect(data)).length).toBeGreaterThan(2);
    expect((await onlySpan(sessionId)).output_tokens).toBeGreaterThan(0);
  });

  it("asResponse() hands the raw Response through and ends the span without a body", async () => {
    const sessionId = uniqueSessionId("as-response");
    const response = await wrap(sessionId).chat.completions.create(body).asResponse();
    const json = (await response.json()) as any;
    expect(json.choices[0].message.content).toBe("Mock reply to: Stream me something");
    const span = await onlySpan(sessionId);
    expect(span.status).toBe("OK");
    expect(span.output_tokens).toBeNull();
  });

  it("the returned promise is still the SDK's APIPromise", async () => {
    const promise = wrap(uniqueSessionId("api-promise")).chat.completions.create(body);
    const unwrapped = plain.chat.completions.create(body);
    expect(promise).toBeInstanceOf(unwrapped.constructor);
    await Promise.all([promise, unwrapped]);
  });
});

describe("the SDK's Stream helpers", () => {
  it("tee() gives two full copies and one span", async () => {
    const sessionId = uniqueSessionId("tee");
    const stream = await wrap(sessionId).chat.completions.create({ ...body, stream: true });
    const [left, right] = stream.tee();
    const [a, b] = await Promise.all([collect(left), collect(right)]);
    expect(a).toEqual(b);
    expect(a.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe(
      "Mock reply to: Stream me something",
    );
    expect((await onlySpan(sessionId)).output_tokens).toBeGreaterThan(0);
  });

  it("toReadableStream() carries the chunks (usage chunk still hidden)", async () => {
    const sessionId = uniqueSessionId("readable");
    const stream = await wrap(sessionId).chat.completions.create({ ...body, stream: true });
    const text = await new Response(stream.toReadableStream()).text();
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.every((chunk) => chunk.choices.length > 0)).toBe(true);
    expect((await onlySpan(sessionId)).status).toBe("OK");
  });

  it("controller.abort() mid-stream ends the caller's loop as it does unwrapped and records a cancelled span", async () => {
    const sessionId = uniqueSessionId("abort");
    const options = { headers: { "x-mock-stream-chunk-delay-ms": "20" } };
    const readUntilAbort = async (client: OpenAI) => {
      const stream = await client.chat.completions.create({ ...body, stream: true }, options);
      const seen: unknown[] = [];
      for await (const chunk of stream) {
        seen.push(chunk);
        if (seen.length === 2) stream.controller.abort();
      }
      return seen.length;
    };
    const wrappedCount = await readUntilAbort(wrap(sessionId));
    expect(wrappedCount).toBe(await readUntilAbort(plain));
    expect(wrappedCount).toBeLessThan(6);
    const span = await onlySpan(sessionId);
    expect(span.status).toBe("OK");
    expect(span.attributes["fallom.stream.cancelled"]).toBe(true);
  });
});

describe("Responses streaming", () => {
  it("records response.failed as ERROR while the caller gets the same events", async () => {
    const sessionId = uniqueSessionId("responses-failed");
    const options = { headers: { "x-mock-stream-error-after-chunks": "2" } };
    const request = { model: "gpt-4o", input: "Hello", stream: true as const };
    const wrappedEvents = await collect(await wrap(sessionId).responses.create(request, options));
    const plainEvents = await collect(await plain.responses.create(request, options));
    expect(normalise(wrappedEvents)).toEqual(normalise(plainEvents));
    expect(wrappedEvents.at(-1).type).toBe("response.failed");
    expect((await onlySpan(sessionId)).status).toBe("ERROR");
  });

  it("records TTFT, usage and the output text from response.completed", async () => {
    const sessionId = uniqueSessionId("responses-ok");
    const events = await collect(
      await wrap(sessionId).responses.create({ model: "gpt-4o", input: "Hi", stream: true }),
    );
    const completed = events.find((event) => event.type === "response.completed");
    const span = await onlySpan(sessionId);
    expect(span.time_to_first_token_ms).toBeGreaterThan(0);
    expect(span.input_tokens).toBe(completed.response.usage.input_tokens);
    expect(span.output_tokens).toBe(completed.response.usage.output_tokens);
    expect(span.response_id).toBe(completed.response.id);
    expect(JSON.stringify(span.output_messages)).toContain("Mock reply to: Hi");
  });
});
