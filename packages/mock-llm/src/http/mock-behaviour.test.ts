import { describe, expect, it } from "vitest";
import { parseMockBehaviour } from "./mock-behaviour.js";
import { MockRequestError } from "./mock-request-error.js";

describe("parseMockBehaviour", () => {
  it("reads every switch from headers", () => {
    expect(
      parseMockBehaviour(
        {
          "x-mock-error": "503",
          "x-mock-retry-after": "3",
          "x-mock-delay-ms": "10",
          "x-mock-stream-chunk-delay-ms": "5",
          "x-mock-disconnect-after-chunks": "2",
          "x-mock-stream-error-after-chunks": "4",
          "x-mock-openrouter": "byok",
          "x-mock-first-chunk-delay-ms": "7",
          "x-mock-malformed-chunk-after-chunks": "3",
        },
        "gpt-4o",
      ),
    ).toEqual({
      errorStatus: 503,
      retryAfterSeconds: 3,
      delayMs: 10,
      chunkDelayMs: 5,
      firstChunkDelayMs: 7,
      malformedChunkAfterChunks: 3,
      disconnectAfterChunks: 2,
      streamErrorAfterChunks: 4,
      openRouterHeader: "byok",
    });
  });

  it("takes the error status from a magic model name, also behind a router prefix", () => {
    expect(parseMockBehaviour({}, "mock-error-429").errorStatus).toBe(429);
    expect(parseMockBehaviour({}, "openai/mock-error-500").errorStatus).toBe(500);
    expect(parseMockBehaviour({}, "gpt-4o").errorStatus).toBeUndefined();
  });

  it("rejects malformed values with a 400 naming the header", () => {
    expect(() => parseMockBehaviour({ "x-mock-error": "200" }, undefined)).toThrow(MockRequestError);
    expect(() => parseMockBehaviour({ "x-mock-stream-chunk-delay-ms": "-1" }, undefined)).toThrow(
      /x-mock-stream-chunk-delay-ms/,
    );
  });
});
