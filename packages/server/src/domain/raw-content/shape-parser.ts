/**
 * The contract every raw-content shape parser implements (SPEC §5.3 shapes).
 */
import type { Message, MessagePart } from "../span-record.js";

/** The payload shapes with a parser of their own. */
export type Shape = "openai-chat" | "openai-responses" | "anthropic" | "google" | "vercel" | "generic";

/** What a request yields: input messages, system instructions and tool definitions. */
export interface ParsedRequest {
  input: Message[];
  system: MessagePart[];
  tools: unknown[] | null;
}

export interface ShapeParser {
  request(request: unknown): ParsedRequest;
  /** `finishReason` is the response-level reason, set on the message it belongs to. */
  response(response: unknown, finishReason: string | null): Message[];
}
