import { describe, expect, it } from "vitest";
import * as mockLlm from "./index.js";

describe("the public API of @fallom/mock-llm", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(mockLlm).sort()).toEqual([
      "MOCK_REFUSAL_TEXT",
      "MOCK_THINKING_SIGNATURE",
      "OPENROUTER_MOCK_PRICES",
      "REFUSE_PHRASE",
      "STREAM_CHUNK_COUNT",
      "USE_ALL_TOOLS_PHRASE",
      "USE_A_TOOL_PHRASE",
      "computeOpenRouterCost",
      "countTokens",
      "isOpenAIReasoningModel",
      "mockEmbedding",
      "mockReasoningText",
      "mockReplyText",
      "mockToolArguments",
      "splitIntoChunks",
      "startMockLlm",
      "truncateToTokens",
    ]);
  });
});
