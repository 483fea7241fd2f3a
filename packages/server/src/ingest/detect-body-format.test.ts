import { describe, expect, it } from "vitest";
import { classifyJson, detectBodyFormat } from "./detect-body-format.js";

const text = (value: string) => new TextEncoder().encode(value);
const protobufBytes = Uint8Array.from([0x0a, 0x6f, 0x0a, 0x17]);

describe("detectBodyFormat", () => {
  it.each([
    ["application/x-protobuf", "protobuf"],
    ["application/protobuf", "protobuf"],
    ["Application/X-Protobuf", "protobuf"],
    ["application/json", "json"],
    ["application/json; charset=utf-8", "json"],
    ["APPLICATION/JSON ; charset=UTF-8", "json"],
  ])("reads Content-Type %j as %s", (contentType, format) => {
    expect(detectBodyFormat(contentType, protobufBytes)).toBe(format);
  });

  it("trusts the Content-Type over the body: protobuf bytes sent as JSON are JSON", () => {
    expect(detectBodyFormat("application/json", protobufBytes)).toBe("json");
  });

  it.each(["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/octet-stream"])(
    "refuses %j (the caller answers 415)",
    (contentType) => {
      expect(detectBodyFormat(contentType, text("{}"))).toBeNull();
    },
  );

  it.each([
    ['{"resourceSpans":[]}', "json"],
    ['[{"config_key":"a"}]', "json"],
    ['  \r\n\t{"span_id":"x"}', "json"],
    ['\uFEFF{"resourceSpans":[]}', "json"],
  ])("sniffs a body without Content-Type: %j → %s", (body, format) => {
    expect(detectBodyFormat(null, text(body))).toBe(format);
  });

  it("treats an empty Content-Type header like a missing one", () => {
    expect(detectBodyFormat("", text("{}"))).toBe("json");
  });

  it.each([
    ["protobuf bytes", protobufBytes],
    ["an empty body", new Uint8Array(0)],
    ["only whitespace", text("   ")],
    ["a bare string", text('"hello"')],
  ])("refuses to guess for %s without Content-Type", (_label, body) => {
    expect(detectBodyFormat(null, body)).toBeNull();
  });
});

describe("classifyJson", () => {
  it.each([
    [{ resourceSpans: [] }, "otlp"],
    [{ resource_spans: [] }, "otlp"],
    [{}, "otlp"],
    [{ resourceSpans: [], config_key: "x" }, "otlp"],
    [{ config_key: "chat", session_id: "s1" }, "native"],
    [{ span_id: "b5c8ded9f84e7db9" }, "native"],
    [[{ config_key: "a", session_id: "b" }], "native"],
    [[], "native"],
    [{ spans: [] }, "unknown"],
    ["hello", "unknown"],
    [42, "unknown"],
    [null, "unknown"],
  ])("classifies %j as %s", (value, kind) => {
    expect(classifyJson(value)).toBe(kind);
  });

  it("ignores inherited keys: only the body's own fields count", () => {
    const inherited = Object.create({ resourceSpans: [] }) as object;
    Object.assign(inherited, { foo: 1 });
    expect(classifyJson(inherited)).toBe("unknown");
  });
});
