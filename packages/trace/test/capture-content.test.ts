import { type MockLlm, startMockLlm } from "@fallom/mock-llm";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fallom, { wrapTraced } from "../src/index.js";
import { startToolCall } from "../src/record/start-tool-call.js";
import { countOccurrences, type Sink, startSink } from "./support/sink.js";

let sink: Sink;
let mock: MockLlm;

beforeAll(async () => {
  [sink, mock] = await Promise.all([startSink(), startMockLlm({ port: 0 })]);
  await fallom.init({ apiKey: "flm_capture", baseUrl: sink.url, captureContent: false });
});

afterAll(async () => {
  await fallom.shutdown(1000);
  await Promise.all([sink.close(), mock.close()]);
});

const SECRET = "SECRETPROMPT7f3a";
const PIXEL =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

function wire(): Buffer {
  return Buffer.concat(sink.requests.map((r) => r.body));
}

describe("captureContent: false", () => {
  it("sends no prompt, completion, input, output or tool-argument text on any path, errors included", async () => {
    const session = fallom.session({ configKey: "privacy", sessionId: "capture-off" });
    const openai = session.wrapOpenAI(new OpenAI({ apiKey: "x", baseURL: `${mock.url}/v1`, maxRetries: 0 }));
    const plain = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [
        { role: "system", content: `system ${SECRET}` },
        { role: "user", content: `hello ${SECRET}` },
      ],
    });
    // mock-llm echoes the prompt, so the completion carries the secret too.
    expect(plain.choices[0]?.message.content).toContain(SECRET);
    const stream = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: `stream ${SECRET}` }],
      stream: true,
    });
    for await (const _chunk of stream) {
      // read it all
    }
    await openai.chat.completions
      .create({ model: "gpt-4o", messages: [{ role: "user", content: `please use a tool ${SECRET}` }] })
      .catch(() => undefined);
    const failure = await openai.chat.completions
      .create({ model: "mock-error-400", messages: [{ role: "user", content: `fail ${SECRET}` }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);

    const manual = session.span("manual");
    manual.set({ input: `in ${SECRET}`, output: { text: `out ${SECRET}` } }).end();
    await wrapTraced(session, "traced", async (question: string) => `answer ${question}`)(`ask ${SECRET}`);
    const tool = startToolCall(session.scope, { toolName: "lookup", arguments: () => ({ query: SECRET }) });
    tool?.end(() => `result ${SECRET}`);

    expect(await fallom.flush()).toBe(true);
    const bytes = wire();
    // Seven spans: four OpenAI calls, the manual span, the wrapTraced span, the tool span.
    expect(countOccurrences(bytes, "capture-off")).toBe(7);
    expect(countOccurrences(bytes, SECRET)).toBe(0);
    // Non-content facts still travel: the error type and model.
    expect(countOccurrences(bytes, "mock-error-400")).toBeGreaterThan(0);
    expect(countOccurrences(bytes, "lookup")).toBeGreaterThan(0);
  });

  it("control: a session that turns capture on sends its content, base64 data URIs included", async () => {
    sink.requests.length = 0;
    const session = fallom.session({ configKey: "privacy", sessionId: "capture-on", captureContent: true });
    const openai = session.wrapOpenAI(new OpenAI({ apiKey: "x", baseURL: `${mock.url}/v1`, maxRetries: 0 }));
    await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: `look ${SECRET}` },
            { type: "image_url", image_url: { url: `data:image/png;base64,${PIXEL}` } },
          ],
        },
      ],
    });
    session
      .span("manual-on")
      .set({ input: `in ${SECRET}` })
      .end();
    expect(await fallom.flush()).toBe(true);
    const bytes = wire();
    expect(countOccurrences(bytes, SECRET)).toBeGreaterThanOrEqual(2);
    expect(countOccurrences(bytes, `data:image/png;base64,${PIXEL}`)).toBe(1);
  });
});
