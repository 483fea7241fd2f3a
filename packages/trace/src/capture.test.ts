import { describe, expect, it } from "vitest";
import {
  encodeContent,
  MAX_CONTENT_STRING_LENGTH,
  shouldCaptureContent,
  toContentAttribute,
} from "./capture.js";

describe("capture", () => {
  it("replaces any string over 1 MiB inside content and keeps the rest", () => {
    const big = "x".repeat(MAX_CONTENT_STRING_LENGTH + 1);
    expect(JSON.parse(encodeContent({ a: "small", b: [big] }) ?? "")).toEqual({
      a: "small",
      b: [`[truncated ${big.length} chars]`],
    });
    expect(toContentAttribute(big)).toBe(`[truncated ${big.length} chars]`);
    expect(toContentAttribute("data:image/png;base64,AAAA")).toBe("data:image/png;base64,AAAA");
  });

  it("never throws on unserialisable content", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(encodeContent(cyclic)).toBe('"[unserialisable content]"');
    expect(encodeContent({ n: 10n })).toBe('"[unserialisable content]"');
  });

  it("lets a session override the init setting, but never an env that forced capture off", () => {
    expect(
      shouldCaptureContent({ captureContent: true, envForcedOff: false }, { captureContent: false }),
    ).toBe(false);
    expect(
      shouldCaptureContent({ captureContent: false, envForcedOff: false }, { captureContent: true }),
    ).toBe(true);
    expect(shouldCaptureContent({ captureContent: true, envForcedOff: true }, { captureContent: true })).toBe(
      false,
    );
    expect(shouldCaptureContent({ captureContent: true, envForcedOff: false }, {})).toBe(true);
  });
});
