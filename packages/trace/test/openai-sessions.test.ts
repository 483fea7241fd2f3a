/**
 * W1 session-bound views (one client, many sessions, nothing mutated), W2 pass-through, session
 * context on every span, and captureContent:false on the wire.
 */
import { mockToolArguments } from "@fallom/mock-llm";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import fallom from "../src/index.js";
import { type Harness, startHarness } from "./support/harness.js";
import { countOccurrences, type Sink, startSink } from "./support/sink.js";
import { uniqueSessionId } from "./support/stainless.js";

let harness: Harness;
let client: OpenAI;

beforeAll(async () => {
  harness = await startHarness();
  client = new OpenAI({ apiKey: "test", baseURL: `${harness.mock.url}/v1`, maxRetries: 0 });
});
afterEach(async () => {
  await fallom.shutdown();
});
afterAll(async () => {
  await harness.close();
});

const body = { model: "gpt-4o", messages: [{ role: "user" as const, content: "Hi" }] };

describe("session-bound views", () => {
  it("50 interleaved sessions through one shared client each get their own session on the span", async () => {
    await fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
    const run = uniqueSessionId("many");
    const ids = Array.from({ length: 50 }, (_, i) => `${run}-${i}`);
    await Promise.all(
      ids.map(async (sessionId, i) => {
        const session = fallom.session({
          configKey: "concurrency",
          sessionId,
          customerId: `customer-${i}`,
          metadata: { index: i, run },
          tags: [`tag-${i}`],
        });
        const openai = session.wrapOpenAI(client);
        const content = `question ${i}`;
        if (i % 2 === 0) {
          await openai.chat.completions.create({ ...body, messages: [{ role: "user", content }] });
        } else {
          const stream = await openai.chat.completions.create({
            ...body,
            messages: [{ role: "user", content }],
            stream: true,
          });
          for await (const _chunk of stream) await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    await fallom.flush();
    const spans = await harness.server.waitForSpans({ config_key: "concurrency", include: "content" }, 50);
    const ours = spans.filter((span) => span.metadata.run === run);
    expect(ours).toHaveLength(50);
    for (const span of ours) {
      const i = span.metadata.index as number;
      expect(span.session_id).toBe(ids[i]);
      expect(span.customer_id).toBe(`customer-${i}`);
      expect(span.tags).toEqual([`tag-${i}`]);
      expect(span.input_messages[0].parts[0].content).toBe(`question ${i}`);
    }
  });

  it("keeps the client intact: instanceof, untraced methods, sub-resources, no mutation", async () => {
    await fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
    const originalCreate = client.chat.completions.create;
    const view = fallom.session({ configKey: "w1", sessionId: uniqueSessionId("w1") }).wrapOpenAI(client);
    expect(view).toBeInstanceOf(OpenAI);
    expect(view.chat.completions).toBe(view.chat.completions);
    expect(client.chat.completions.create).toBe(originalCreate);
    expect(Object.hasOwn(client.chat.completions, "create")).toBe(false);
    const models = await view.models.list();
    expect(models.data.length).toBeGreaterThan(0);
    expect(view.baseURL).toBe(client.baseURL);
  });

  it("re-wrapping a view traces once, for the newest session", async () => {
    await fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
    const first = uniqueSessionId("first");
    const second = uniqueSessionId("second");
    const inner = fallom.session({ configKey: "rewrap", sessionId: first }).wrapOpenAI(client);
    const outer = fallom.session({ configKey: "rewrap", sessionId: second }).wrapOpenAI(inner);
    await outer.chat.completions.create(body);
    await inner.chat.completions.create(body);
    await fallom.flush();
    expect(await harness.server.waitForSpans({ session_id: second }, 1)).toHaveLength(1);
    expect(await harness.server.waitForSpans({ session_id: first }, 1)).toHaveLength(1);
  });

  it("passes calls through untraced before init (W2)", async () => {
    const sessionId = uniqueSessionId("before-init");
    const view = fallom.session({ configKey: "w2", sessionId }).wrapOpenAI(client);
    const completion = await view.chat.completions.create(body);
    expect(completion.choices[0]?.message.content).toBe("Mock reply to: Hi");
    await fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
    await view.chat.completions.create(body);
    await fallom.flush();
    expect(await harness.server.waitForSpans({ session_id: sessionId }, 1)).toHaveLength(1);
  });
});

describe("captureContent: false", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  const secretPrompt = "my secret prompt 7f3a";
  const tools = [
    {
      type: "function" as const,
      function: {
        name: "lookup_account",
        parameters: { type: "object", properties: { account: { type: "string" } }, required: ["account"] },
      },
    },
  ];
  const toolArguments = JSON.stringify(mockToolArguments(tools[0]?.function.parameters));

  async function callEverything(openai: OpenAI) {
    await openai.chat.completions.create({ ...body, messages: [{ role: "user", content: secretPrompt }] });
    const stream = await openai.chat.completions.create({
      ...body,
      messages: [{ role: "user", content: `${secretPrompt}, use a tool` }],
      tools,
      stream: true,
    });
    let streamedArguments = "";
    for await (const chunk of stream) {
      streamedArguments += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? "";
    }
    await openai.responses.create({ model: "gpt-4o", input: secretPrompt });
    await openai.embeddings.create({ model: "text-embedding-3-small", input: secretPrompt });
    await openai.chat.completions
      .create(
        { ...body, messages: [{ role: "user", content: secretPrompt }] },
        { headers: { "x-mock-error": "500" } },
      )
      .catch(() => undefined);
    return streamedArguments;
  }

  it("sends no prompt, completion or tool-argument text on the wire", async () => {
    await fallom.init({ apiKey: "flm_capture_off", baseUrl: sink.url, captureContent: false });
    const streamedArguments = await callEverything(
      fallom.session({ configKey: "capture", sessionId: "off" }).wrapOpenAI(client),
    );
    expect(streamedArguments).toBe(toolArguments); // the model did call the tool
    await fallom.flush();
    const wire = Buffer.concat(sink.requests.map((request) => request.body));
    expect(countOccurrences(wire, "chat.completions.create")).toBeGreaterThanOrEqual(3);
    expect(countOccurrences(wire, "lookup_account")).toBeGreaterThan(0); // tool names are always sent
    expect(countOccurrences(wire, "7f3a")).toBe(0);
    expect(countOccurrences(wire, "Mock reply")).toBe(0);
    expect(countOccurrences(wire, toolArguments)).toBe(0);
    expect(countOccurrences(wire, "mock-account")).toBe(0);
  });

  it("stores null content for a session that turned capture off", async () => {
    await fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
    const sessionId = uniqueSessionId("capture-off");
    await callEverything(
      fallom.session({ configKey: "capture", sessionId, captureContent: false }).wrapOpenAI(client),
    );
    await fallom.flush();
    const spans = await harness.server.waitForSpans({ session_id: sessionId, include: "content" }, 5);
    expect(spans).toHaveLength(5);
    for (const span of spans) {
      expect(span.raw_request).toBeNull();
      expect(span.raw_response).toBeNull();
      expect(span.input_messages).toBeNull();
      expect(span.output_messages).toBeNull();
      expect(JSON.stringify(span)).not.toContain("7f3a");
    }
  });
});
