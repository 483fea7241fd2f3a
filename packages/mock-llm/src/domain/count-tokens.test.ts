import { describe, expect, it } from "vitest";
import { countTokens, truncateToTokens } from "./count-tokens.js";

describe("countTokens", () => {
  it("counts one token per started group of four code points", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("abc")).toBe(1);
    expect(countTokens("abcd")).toBe(1);
    expect(countTokens("abcde")).toBe(2);
  });

  it("counts an astral character (one code point, two UTF-16 units) once, as Python's len() does", () => {
    expect(countTokens("😀😀😀😀")).toBe(1);
  });
});

describe("truncateToTokens", () => {
  it("keeps four code points per allowed token and says when it cut", () => {
    expect(truncateToTokens("abcdefghij", 2)).toEqual({ text: "abcdefgh", truncated: true });
    expect(truncateToTokens("abc", 2)).toEqual({ text: "abc", truncated: false });
  });
});
