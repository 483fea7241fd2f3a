import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractMedia } from "./extract-media.js";

const FIXTURE = new URL("../ingest/__fixtures__/native-tracedata-image-input.json", import.meta.url);
const SWATCH_SHA256 = "8af2967a7109d7106f9ecbf50b55ad19b8cc9617725a86fe0995c275966a6e34";
const SWATCH_REF = `fallom-media:${SWATCH_SHA256}`;

function fixtureRequest(): { messages: Array<{ content: Array<Record<string, unknown>> }> } {
  const span = JSON.parse(readFileSync(FIXTURE, "utf8")) as { attributes: Record<string, string> };
  const raw = span.attributes["fallom.raw.request"];
  if (raw === undefined) throw new Error("fixture has no fallom.raw.request");
  return JSON.parse(raw);
}

const HELLO = Buffer.from("hello media");
const HELLO_BASE64 = HELLO.toString("base64");
const HELLO_REF = `fallom-media:${createHash("sha256").update(HELLO).digest("hex")}`;

describe("extractMedia on the image-input fixture", () => {
  it("stores the data URI's 69-byte PNG under its SHA-256 and keeps detail", () => {
    const request = fixtureRequest();
    const { value, blobs } = extractMedia(request);

    expect(blobs).toHaveLength(1);
    const [blob] = blobs;
    expect(blob?.sha256).toBe(SWATCH_SHA256);
    expect(blob?.mimeType).toBe("image/png");
    expect(blob?.bytes).toHaveLength(69);
    expect(blob?.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(
      createHash("sha256")
        .update(blob?.bytes ?? "")
        .digest("hex"),
    ).toBe(SWATCH_SHA256);

    expect(value).toEqual({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What colour is this swatch? Reply with the hex code only." },
            { type: "image_url", image_url: { url: SWATCH_REF, detail: "low" } },
          ],
        },
      ],
      model: "gpt-4.1-mini",
    });
  });

  it("does not mutate its input", () => {
    const request = fixtureRequest();
    const before = structuredClone(request);
    extractMedia(request);
    expect(request).toEqual(before);
  });

  it("replaces a data URI inside unparsed JSON text as well", () => {
    const span = JSON.parse(readFileSync(FIXTURE, "utf8")) as { attributes: Record<string, string> };
    const { value, blobs } = extractMedia(span.attributes["fallom.raw.request"]);
    expect(blobs.map((blob) => blob.sha256)).toEqual([SWATCH_SHA256]);
    expect(JSON.parse(value as string).messages[0].content[1].image_url).toEqual({
      url: SWATCH_REF,
      detail: "low",
    });
  });
});

describe("extractMedia on structured parts", () => {
  it("keeps the shape of OpenAI input_audio and types it by format", () => {
    const part = { type: "input_audio", input_audio: { data: HELLO_BASE64, format: "wav" } };
    const { value, blobs } = extractMedia(part);
    expect(value).toEqual({ type: "input_audio", input_audio: { data: HELLO_REF, format: "wav" } });
    expect(blobs[0]?.mimeType).toBe("audio/wav");
    expect(blobs[0]?.bytes.equals(HELLO)).toBe(true);
  });

  it("types mp3 input audio as audio/mpeg", () => {
    const { blobs } = extractMedia({ input_audio: { data: HELLO_BASE64, format: "mp3" } });
    expect(blobs[0]?.mimeType).toBe("audio/mpeg");
  });

  it("turns an Anthropic base64 source into a url source", () => {
    const block = {
      type: "image",
      source: { type: "base64", media_type: "image/jpeg", data: HELLO_BASE64 },
      cache_control: { type: "ephemeral" },
    };
    const { value, blobs } = extractMedia(block);
    expect(value).toEqual({
      type: "image",
      source: { type: "url", url: HELLO_REF },
      cache_control: { type: "ephemeral" },
    });
    expect(blobs[0]?.mimeType).toBe("image/jpeg");
  });

  it("turns Google inlineData into fileData", () => {
    const content = {
      role: "user",
      parts: [{ text: "hi" }, { inlineData: { mimeType: "image/webp", data: HELLO_BASE64 } }],
    };
    const { value, blobs } = extractMedia(content);
    expect(value).toEqual({
      role: "user",
      parts: [{ text: "hi" }, { fileData: { mimeType: "image/webp", fileUri: HELLO_REF } }],
    });
    expect(blobs[0]?.mimeType).toBe("image/webp");
  });

  it("turns Google inline_data into file_data", () => {
    const part = { inline_data: { mime_type: "application/pdf", data: HELLO_BASE64 } };
    expect(extractMedia(part).value).toEqual({
      file_data: { mime_type: "application/pdf", file_uri: HELLO_REF },
    });
  });

  it("turns a GenAI blob part into a uri part", () => {
    const part = { type: "blob", modality: "image", mime_type: "image/png", content: HELLO_BASE64 };
    expect(extractMedia({ parts: [part] }).value).toEqual({
      parts: [{ type: "uri", modality: "image", mime_type: "image/png", uri: HELLO_REF }],
    });
  });

  it("finds data URIs under any key, at any depth", () => {
    const request = {
      input: [
        { content: [{ type: "input_file", file_data: `data:application/pdf;base64,${HELLO_BASE64}` }] },
      ],
    };
    const { value, blobs } = extractMedia(request);
    expect(value).toEqual({ input: [{ content: [{ type: "input_file", file_data: HELLO_REF }] }] });
    expect(blobs[0]?.mimeType).toBe("application/pdf");
  });

  it("reads a data URI with MIME parameters", () => {
    const { value, blobs } = extractMedia(`data:text/plain;charset=utf-8;base64,${HELLO_BASE64}`);
    expect(value).toBe(HELLO_REF);
    expect(blobs[0]?.mimeType).toBe("text/plain");
  });
});

describe("extractMedia leaves alone", () => {
  it("http(s) URLs", () => {
    const part = { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "high" } };
    const { value, blobs } = extractMedia(part);
    expect(value).toBe(part);
    expect(blobs).toEqual([]);
  });

  it("invalid base64, in a data URI or a structured part", () => {
    const input = {
      uri: "data:image/png;base64,abcde",
      source: { type: "base64", media_type: "image/png", data: "not base64!" },
      inlineData: { mimeType: "image/png", data: "" },
      input_audio: { data: "%%%", format: "wav" },
    };
    const { value, blobs } = extractMedia(input);
    expect(value).toEqual(input);
    expect(blobs).toEqual([]);
  });

  it("keeps key and item order around a replaced payload and shares the untouched parts", () => {
    const before = { type: "text", text: "first" };
    const after = { type: "text", text: "last" };
    const input = {
      role: "user",
      content: [
        before,
        { type: "image_url", image_url: { detail: "low", url: `data:image/png;base64,${HELLO_BASE64}` } },
        after,
      ],
      name: "n",
    };
    const { value } = extractMedia(input);
    const out = value as { content: Array<Record<string, unknown>> };
    expect(Object.keys(out)).toEqual(["role", "content", "name"]);
    expect(Object.keys(out.content[1]?.image_url as object)).toEqual(["detail", "url"]);
    expect(out.content[1]?.image_url).toEqual({ detail: "low", url: HELLO_REF });
    expect(out.content[0]).toBe(before);
    expect(out.content[2]).toBe(after);
  });

  it("values without media, returned as the same object", () => {
    const messages = [{ role: "user", parts: [{ type: "text", content: "base64 is an encoding" }] }];
    expect(extractMedia(messages).value).toBe(messages);
    expect(extractMedia(null).value).toBeNull();
    expect(extractMedia(42).value).toBe(42);
  });
});

describe("extractMedia deduplication", () => {
  it("returns a payload seen several times once", () => {
    const uri = `data:image/png;base64,${HELLO_BASE64}`;
    const { value, blobs } = extractMedia({
      a: uri,
      b: [uri, { source: { type: "base64", media_type: "image/png", data: HELLO_BASE64 } }],
    });
    expect(blobs).toHaveLength(1);
    expect(value).toEqual({ a: HELLO_REF, b: [HELLO_REF, { source: { type: "url", url: HELLO_REF } }] });
  });

  it("names a payload by its decoded bytes, so base64 with line breaks is the same file", () => {
    const wrapped = `${HELLO_BASE64.slice(0, 8)}\n${HELLO_BASE64.slice(8)}`;
    const { blobs } = extractMedia([
      { inline_data: { mime_type: "image/png", data: wrapped } },
      `data:image/png;base64,${HELLO_BASE64}`,
    ]);
    expect(blobs).toHaveLength(1);
  });
});
