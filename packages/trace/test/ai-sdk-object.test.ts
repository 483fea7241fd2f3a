/**
 * wrapAISDK `generateObject` / `streamObject` (AI SDK 6). mock-llm has no structured-output mode
 * (it always answers "Mock reply to: …"), so the provider gets a `fetch` that rewrites the mock's
 * answer text into a JSON object when the request asks for a JSON schema. Everything else is the
 * real provider, the real `ai` package, mock-llm and the real server.
 */
import { createOpenAI } from "@ai-sdk/openai";
import * as ai from "ai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import fallom from "../src/index.js";
import { type ApiSpan, type Harness, startHarness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await fallom.init({ apiKey: h.server.apiKey, baseUrl: h.server.url });
});
afterAll(async () => {
  await fallom.shutdown();
  await h.close();
});

const OBJECT = { city: "Paris", temperature: 21 };
const schema = z.object({ city: z.string(), temperature: z.number() });

/** Rewrites the mock's text into `OBJECT` as JSON (whole in the first content delta when streamed). */
const structuredFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const body = typeof init?.body === "string" ? JSON.parse(init.body) : {};
  if (body.response_format?.type !== "json_schema" || !response.ok) return response;
  const text = await response.text();
  if (!body.stream) {
    const json = JSON.parse(text);
    json.choices[0].message.content = JSON.stringify(OBJECT);
    return new Response(JSON.stringify(json), { status: response.status, headers: response.headers });
  }
  let sent = false;
  const rewritten = text
    .split("\n")
    .map((line) => {
      if (!line.startsWith("data: {")) return line;
      const chunk = JSON.parse(line.slice(6));
      const delta = chunk.choices?.[0]?.delta;
      if (delta && typeof delta.content === "string") {
        delta.content = sent ? "" : JSON.stringify(OBJECT);
        sent = true;
      }
      return `data: ${JSON.stringify(chunk)}`;
    })
    .join("\n");
  return new Response(rewritten, { status: response.status, headers: response.headers });
};

const model = () =>
  createOpenAI({ baseURL: `${h.mock.url}/v1`, apiKey: "test", fetch: structuredFetch }).chat("gpt-4o");

async function spansOf(sessionId: string, count = 1): Promise<ApiSpan[]> {
  await fallom.flush();
  return h.server.waitForSpans({ session_id: sessionId, include: "content" }, count, { settleMs: 400 });
}

it("traces generateObject with the object as the completion", async () => {
  const session = fallom.session({ configKey: "ai-sdk-object", sessionId: "generate-object" });
  const traced = await session
    .wrapAISDK(ai)
    .generateObject({ model: model(), schema, prompt: "Weather as JSON" });
  const plain = await ai.generateObject({ model: model(), schema, prompt: "Weather as JSON" });
  expect(traced.object).toEqual(plain.object);
  expect(traced.object).toEqual(OBJECT);
  const [span] = await spansOf("generate-object");
  expect(span).toMatchObject({
    name: "generateObject",
    status: "OK",
    operation: "chat",
    input_tokens: plain.usage.inputTokens,
    output_tokens: plain.usage.outputTokens,
  });
  expect(span?.raw_request).toMatchObject({ prompt: "Weather as JSON", schema: "provided" });
  expect(span?.raw_response).toMatchObject({ object: OBJECT });
});

it("traces streamObject with TTFT at the first partial object", async () => {
  const session = fallom.session({ configKey: "ai-sdk-object", sessionId: "stream-object" });
  const result = session.wrapAISDK(ai).streamObject({ model: model(), schema, prompt: "Weather as JSON" });
  const partials: unknown[] = [];
  for await (const partial of result.partialObjectStream) partials.push(partial);
  expect(partials.at(-1)).toEqual(OBJECT);
  expect(await result.object).toEqual(OBJECT);
  const [span] = await spansOf("stream-object");
  expect(span).toMatchObject({ name: "streamObject", status: "OK", is_streaming: true });
  expect(span?.output_tokens).toBe((await result.usage).outputTokens);
  expect(span?.time_to_first_token_ms).toBeGreaterThan(0);
});

it("fails the span with the SDK's own error when the text is not the object", async () => {
  const session = fallom.session({ configKey: "ai-sdk-object", sessionId: "object-error" });
  const plainModel = createOpenAI({ baseURL: `${h.mock.url}/v1`, apiKey: "test" }).chat("gpt-4o");
  const options = { model: plainModel, schema, prompt: "Not JSON" };
  const plain = await ai.generateObject(options).catch((error: unknown) => error);
  const traced = await session
    .wrapAISDK(ai)
    .generateObject(options)
    .catch((error: unknown) => error);
  expect(ai.NoObjectGeneratedError.isInstance(plain)).toBe(true);
  expect((traced as Error).constructor).toBe((plain as Error).constructor);
  const [span] = await spansOf("object-error");
  expect(span).toMatchObject({ status: "ERROR", error_type: (plain as Error).constructor.name });
});
