/** `@google/genai` 3 (Node >= 22) through wrapGoogleAI: generateContent, streams, errors. */
import { readFileSync } from "node:fs";
import { ApiError, GoogleGenAI } from "@google/genai";
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
  new GoogleGenAI({ apiKey: "test", httpOptions: { baseUrl: h.mock.url, headers } });

describe("@google/genai 3", () => {
  it("is the major this line is meant to test", async () => {
    // The package does not export its package.json; read it where the tests resolve the library.
    const manifest = readFileSync(
      new URL("./node_modules/@google/genai/package.json", import.meta.url),
      "utf8",
    );
    expect((JSON.parse(manifest) as { version: string }).version.split(".")[0]).toBe("3");
  });

  it("traces generateContent, a full stream, a broken-off stream and an error", async () => {
    const session = fallom.session({ configKey: "node22", sessionId: "genai3" });
    const gemini = session.wrapGoogleAI(client());
    const params = { model: "gemini-2.0-flash", contents: "Hello" };
    const plain = await gemini.models.generateContent(params);
    expect(plain.text).toBe("Mock reply to: Hello");
    let text = "";
    for await (const chunk of await gemini.models.generateContentStream(params)) text += chunk.text ?? "";
    expect(text).toBe("Mock reply to: Hello");
    for await (const _chunk of await gemini.models.generateContentStream(params)) break;
    const error = await session
      .wrapGoogleAI(client({ "x-mock-error": "400" }))
      .models.generateContent(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    await fallom.flush();
    const spans = await h.waitForSpans({ session_id: "genai3" }, 4);
    expect(spans.map((span) => span.status).sort()).toEqual(["ERROR", "OK", "OK", "OK"]);
    const full = spans.find(
      (span) => span.is_streaming && span.attributes["fallom.stream.cancelled"] !== true,
    );
    expect(full?.output_tokens).toBe(plain.usageMetadata?.candidatesTokenCount);
    expect(full?.time_to_first_token_ms).toBeGreaterThan(0);
    expect(spans.some((span) => span.attributes["fallom.stream.cancelled"] === true)).toBe(true);
  });
});
