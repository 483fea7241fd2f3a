import { describe, expect, it } from "vitest";
import { mockReasoningText, mockReplyText, splitIntoChunks } from "./mock-text.js";

describe("mockReplyText", () => {
  it("quotes the first 40 code points of the last user message", () => {
    const message = "0123456789".repeat(5);
    expect(mockReplyText(message)).toBe(`Mock reply to: ${message.slice(0, 40)}`);
    expect(mockReplyText("Hi", 2)).toBe("Mock reply 3 to: Hi");
    expect(mockReasoningText("Hi")).toBe("Mock reasoning about: Hi");
  });
});

describe("splitIntoChunks", () => {
  it("cuts a text into four nearly equal pieces that join back to it", () => {
    const pieces = splitIntoChunks("Mock reply to: Hello");
    expect(pieces).toHaveLength(4);
    expect(pieces.join("")).toBe("Mock reply to: Hello");
  });

  it("never splits a surrogate pair and gives no piece for an empty text", () => {
    expect(splitIntoChunks("😀😀")).toEqual(["😀", "😀"]);
    expect(splitIntoChunks("")).toEqual([]);
  });
});
