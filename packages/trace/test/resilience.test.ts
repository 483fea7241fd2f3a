import { createServer } from "node:net";
import { type MockLlm, startMockLlm } from "@fallom/mock-llm";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fallom, { getExportStats } from "../src/index.js";
import { newApiKey, startTraceServer } from "./support/harness.js";

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm({ port: 0 });
});

afterAll(async () => {
  await fallom.shutdown(1000);
  await mock.close();
});

/** A port nothing listens on (taken, then released). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("resilience", () => {
  it("never throws into user code when the trace server is unreachable; the caller gets the same result", async () => {
    const port = await freePort();
    await fallom.init({ apiKey: "flm_unreachable", baseUrl: `http://127.0.0.1:${port}` });
    const plain = new OpenAI({ apiKey: "x", baseURL: `${mock.url}/v1`, maxRetries: 0 });
    const session = fallom.session({ configKey: "resilience", sessionId: "unreachable" });
    const wrapped = session.wrapOpenAI(plain);
    const request = { model: "gpt-4o", messages: [{ role: "user" as const, content: "Hi" }] };
    const expected = await plain.chat.completions.create(request);
    const actual = await wrapped.chat.completions.create(request);
    expect(actual.choices[0]?.message.content).toBe(expected.choices[0]?.message.content);
    session.span("manual").end();
    expect(await fallom.flush(300)).toBe(false);
    await fallom.shutdown(100);
  });

  it("server down for the first 10 s of a run, then up on the same port: all spans arrive, none duplicated", async () => {
    const port = await freePort();
    const apiKey = newApiKey();
    await fallom.init({ apiKey, baseUrl: `http://127.0.0.1:${port}` });
    const session = fallom.session({ configKey: "outage", sessionId: "outage-1" });
    const openai = session.wrapOpenAI(new OpenAI({ apiKey: "x", baseURL: `${mock.url}/v1`, maxRetries: 0 }));
    for (let i = 0; i < 10; i++) {
      await openai.chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: `call ${i}` }],
      });
      session.span(`step-${i}`).end();
    }
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const server = await startTraceServer({ port, apiKey });
    try {
      expect(await fallom.flush(30_000)).toBe(true);
      const spans = await server.waitForSpans({ session_id: "outage-1" }, 20);
      expect(spans).toHaveLength(20);
      expect(new Set(spans.map((s) => s.span_id)).size).toBe(20);
      expect(spans.filter((s) => s.name === "chat.completions.create")).toHaveLength(10);
      expect(getExportStats()).toMatchObject({ dropped: 0, failed: 0, exported: 20 });
    } finally {
      await fallom.shutdown(1000);
      await server.close();
    }
  }, 60_000);
});
