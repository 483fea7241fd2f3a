/** How many pieces a streamed text (or tool-call argument string) is cut into. */
export const STREAM_CHUNK_COUNT = 4;

/** The text a model answers with when the last user message contains "please refuse". */
export const MOCK_REFUSAL_TEXT = "I'm sorry, but I can't help with that request.";

/** How many code points of the last user message the reply quotes. */
const QUOTED_CODE_POINTS = 40;

/**
 * The deterministic reply: `"Mock reply to: "` followed by the first 40 code points of the last user
 * message. Further choices (`n`, `candidateCount`) say `"Mock reply 2 to: …"`, `"Mock reply 3 to: …"`.
 *
 * @example
 * ```ts
 * mockReplyText("What is the capital of France?"); // "Mock reply to: What is the capital of France?"
 * mockReplyText("Hi", 1); // "Mock reply 2 to: Hi"
 * ```
 */
export function mockReplyText(lastUserText: string, choiceIndex = 0): string {
  const quoted = firstCodePoints(lastUserText, QUOTED_CODE_POINTS);
  return choiceIndex === 0 ? `Mock reply to: ${quoted}` : `Mock reply ${choiceIndex + 1} to: ${quoted}`;
}

/**
 * The deterministic reasoning / thinking text of reasoning models (o-series, gpt-5, Claude with
 * `thinking`, Gemini with `thinkingConfig`). Its token count is the reported reasoning token count.
 *
 * @example
 * ```ts
 * mockReasoningText("Hi"); // "Mock reasoning about: Hi"
 * ```
 */
export function mockReasoningText(lastUserText: string): string {
  return `Mock reasoning about: ${firstCodePoints(lastUserText, QUOTED_CODE_POINTS)}`;
}

/**
 * Cuts a text into `count` consecutive pieces of nearly equal length (by code point, so a surrogate
 * pair is never split). A text shorter than `count` code points gives one piece per code point; an
 * empty text gives none.
 *
 * @example
 * ```ts
 * splitIntoChunks("abcdefghij", 4); // ["ab", "cde", "fg", "hij"]
 * ```
 */
export function splitIntoChunks(text: string, count = STREAM_CHUNK_COUNT): string[] {
  const codePoints = Array.from(text);
  const pieces: string[] = [];
  for (let index = 0; index < count; index++) {
    const start = Math.floor((index * codePoints.length) / count);
    const end = Math.floor(((index + 1) * codePoints.length) / count);
    if (end > start) pieces.push(codePoints.slice(start, end).join(""));
  }
  return pieces;
}

function firstCodePoints(text: string, count: number): string {
  return Array.from(text).slice(0, count).join("");
}
