export { computeOpenRouterCost, OPENROUTER_MOCK_PRICES } from "./domain/compute-openrouter-cost.js";
export { countTokens, truncateToTokens } from "./domain/count-tokens.js";
export { isOpenAIReasoningModel } from "./domain/is-reasoning-model.js";
export { mockEmbedding } from "./domain/mock-embedding.js";
export {
  MOCK_REFUSAL_TEXT,
  mockReasoningText,
  mockReplyText,
  STREAM_CHUNK_COUNT,
  splitIntoChunks,
} from "./domain/mock-text.js";
export { mockToolArguments } from "./domain/mock-tool-arguments.js";
export { REFUSE_PHRASE, USE_A_TOOL_PHRASE, USE_ALL_TOOLS_PHRASE } from "./domain/plan-turn.js";
export type { MockBehaviour } from "./http/mock-behaviour.js";
export { MOCK_THINKING_SIGNATURE } from "./providers/anthropic/messages.js";
export type { MockLlm, MockLlmOptions, RecordedRequest } from "./start-mock-llm.js";
export { startMockLlm } from "./start-mock-llm.js";
