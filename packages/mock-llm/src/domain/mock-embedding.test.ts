import { describe, expect, it } from "vitest";
import { mockEmbedding, toBase64Float32 } from "./mock-embedding.js";

describe("mockEmbedding", () => {
  it("is deterministic, unit length, and differs between texts", () => {
    const first = mockEmbedding("hello", 64);
    expect(mockEmbedding("hello", 64)).toEqual(first);
    expect(first.reduce((sum, value) => sum + value * value, 0)).toBeCloseTo(1, 10);
    expect(mockEmbedding("world", 64)).not.toEqual(first);
  });

  it("encodes little-endian float32 for the base64 format", () => {
    const bytes = Buffer.from(toBase64Float32([0.5, -1]), "base64");
    const decoded = [bytes.readFloatLE(0), bytes.readFloatLE(4)];
    expect(decoded).toEqual([0.5, -1]);
  });
});
