/**
 * What an LLM span records from an OpenAI chat stream now that the outcome is filled at export
 * (`LlmSpanRecord.endLater`): the real `openai` client, its `fetch` answering from memory, the span
 * taken from the export processor and read as the encoder reads it.
 */
import { SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FALLOM, GEN_AI, OPENAI } from "../attributes.js";
import { resolveConfig } from "../config.js";
import { deferredAttributes } from "../export/deferred-content.js";
import { encodeTraceRequest } from "../export/encode-trace-request.js";
import { createRuntime, type Runtime, setRuntime } from "../runtime.js";
import { wrapOpenAI } from "./openai.js";

const encoder = new TextEncoder();

function chunk(delta: Record<string, unknown>, finish: string | null, usage?: Record<string, number> | null) {
  return {
    id: "chatcmpl-unit",
    object: "chat.completion.chunk",
    created: 1,
    model: "gpt-4o-mini",
    system_fingerprint: "fp_unit",
    choices: usage ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(usage === undefined ? {} : { usage }),
  };
}

/** An SSE body: the events, then `[DONE]` unless `failAfter` breaks the body off after that many events. */
function sseResponse(events: unknown[], failAfter?: number): Response {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && sent === failAfter) {
        controller.error(new TypeError("terminated"));
        return;
      }
      if (sent < events.length)
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(events[sent++])}\n\n`));
      else {
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
      }
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

let runtime: Runtime;
let ended: ReadableSpan[];
let answer: (body: Record<string, any>) => Response;
const requests: Record<string, any>[] = [];

function client(): OpenAI {
  const real = new OpenAI({
    apiKey: "test",
    baseURL: "http://unit.invalid/v1",
    maxRetries: 0,
    fetch: async (_url: unknown, init?: { body?: unknown }) => {
      const body = JSON.parse(String(init?.body)) as Record<string, any>;
      requests.push(body);
      return answer(body);
    },
  });
  return wrapOpenAI(real, () => ({ context: { configKey: "unit", sessionId: "s-1" }, captureContent: true }));
}

/** The span as the export reads it: its attributes after the deferred fills, plus the deferred content. */
function exported(span: ReadableSpan): Record<string, unknown> {
  encodeTraceRequest([span], deferredAttributes);
  return { ...span.attributes, ...deferredAttributes(span) };
}

const words = ["Hello", " there", " friend"];
const usage = { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 };
const withUsage = [
  chunk({ role: "assistant", content: "" }, null, null),
  ...words.map((word) => chunk({ content: word }, null, null)),
  chunk({}, "stop", null),
  chunk({}, null, usage),
];

beforeEach(() => {
  runtime = createRuntime(resolveConfig({ apiKey: "flm_test", baseUrl: "http://127.0.0.1:9" }, {}), false);
  ended = [];
  requests.length = 0;
  vi.spyOn(runtime.processor, "onEnd").mockImplementation((span) => {
    ended.push(span);
  });
  setRuntime(runtime);
});

afterEach(() => {
  setRuntime(undefined);
  vi.restoreAllMocks();
});

describe("an OpenAI chat stream's span", () => {
  it("hides the injected usage-only chunk and the usage key, and records usage, text and TTFT", async () => {
    answer = () => sseResponse(withUsage);
    const seen: any[] = [];
    for await (const part of await client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    })) {
      seen.push(part);
    }
    expect(requests[0]?.stream_options).toEqual({ include_usage: true });
    expect(seen).toHaveLength(withUsage.length - 1);
    expect(seen.every((part) => !("usage" in part) && part.choices.length === 1)).toBe(true);
    expect(ended).toHaveLength(1);
    const span = ended[0] as ReadableSpan;
    const attributes = exported(span);
    expect(span.status).toEqual({ code: SpanStatusCode.OK });
    expect(attributes[GEN_AI.usageInputTokens]).toBe(4);
    expect(attributes[GEN_AI.usageOutputTokens]).toBe(3);
    expect(attributes[GEN_AI.responseFinishReasons]).toEqual(["stop"]);
    expect(attributes[OPENAI.responseSystemFingerprint]).toBe("fp_unit");
    expect(attributes[GEN_AI.requestModel]).toBe("gpt-4o-mini");
    expect(attributes[FALLOM.sessionId]).toBe("s-1");
    expect(JSON.parse(String(attributes[FALLOM.rawUsage]))).toEqual(usage);
    expect(String(attributes[FALLOM.rawResponse])).toContain("Hello there friend");
    expect(attributes[GEN_AI.responseTimeToFirstChunk]).toBeGreaterThan(0);
  });

  it("takes TTFT from the first chunk with content, not the role-only first chunk", async () => {
    let released: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      released = resolve;
    });
    answer = () => {
      // The role chunk arrives at once; the first text only after the test releases it.
      const events = withUsage.map((event) => encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent === 1) await gate;
          if (sent < events.length) controller.enqueue(events[sent++] as Uint8Array);
          else {
            controller.enqueue(encoder.encode("data: [DONE]\n\n"));
            controller.close();
          }
        },
      });
      return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
    };
    const before = performance.now();
    const stream = await client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next(); // the role-only chunk: no content yet
    await new Promise((resolve) => setTimeout(resolve, 30));
    released();
    for (let step = await iterator.next(); !step.done; step = await iterator.next());
    const ttftSeconds = exported(ended[0] as ReadableSpan)[GEN_AI.responseTimeToFirstChunk] as number;
    // The text came at least 30 ms after the request started, so TTFT cannot be the role chunk's time.
    expect(ttftSeconds * 1000).toBeGreaterThanOrEqual(30);
    expect(ttftSeconds * 1000).toBeLessThanOrEqual(performance.now() - before);
  });

  it("a stream broken off after one chunk still records that chunk's text, as an error", async () => {
    answer = () =>
      sseResponse([chunk({ role: "assistant", content: "Partial" }, null, null), ...withUsage], 1);
    const seen: any[] = [];
    const error = await (async () => {
      for await (const part of await client().chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      })) {
        seen.push(part);
      }
    })().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect(seen).toHaveLength(1);
    const span = ended[0] as ReadableSpan;
    const attributes = exported(span);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(String(attributes[FALLOM.rawResponse])).toContain("Partial");
    expect(attributes[GEN_AI.responseTimeToFirstChunk]).toBeGreaterThan(0);
  });

  it("a consumer's break after one chunk records a cancelled span with that chunk's text", async () => {
    answer = () => sseResponse([chunk({ content: "First" }, null, null), ...withUsage]);
    for await (const _part of await client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    })) {
      break;
    }
    const span = ended[0] as ReadableSpan;
    const attributes = exported(span);
    expect(span.status).toEqual({ code: SpanStatusCode.OK });
    expect(attributes[FALLOM.streamCancelled]).toBe(true);
    expect(String(attributes[FALLOM.rawResponse])).toContain("First");
  });

  it("retries once without stream_options on the 400 naming it; every reader gets the retry's stream", async () => {
    answer = (body) =>
      body.stream_options
        ? new Response(
            JSON.stringify({ error: { message: "Unrecognized request argument: stream_options" } }),
            {
              status: 400,
              headers: { "content-type": "application/json" },
            },
          )
        : sseResponse(withUsage.slice(0, -1).map(({ usage: _usage, ...rest }) => rest));
    const promise = client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const { data, response } = await promise.withResponse();
    expect(response.status).toBe(200);
    const seen: any[] = [];
    for await (const part of data) seen.push(part);
    expect(requests.map((request) => request.stream_options)).toEqual([{ include_usage: true }, undefined]);
    expect(seen).toHaveLength(withUsage.length - 1);
    const attributes = exported(ended[0] as ReadableSpan);
    expect(attributes[FALLOM.streamUsage]).toBe(false);
    expect(String(attributes[FALLOM.rawResponse])).toContain("Hello there friend");
  });
});
