/**
 * Converts `fallom.raw.request` / `fallom.raw.response` (SPEC §5.3 shapes) into canonical messages.
 * STUB: owned by the native-normaliser work; signature is fixed, body to be written.
 */
import type { Message, MessagePart } from "./span-record.js";

export interface RawContentInput {
  /** `fallom.method` (e.g. `chat.completions.create`, `messages.create`, `generateText`), if known. */
  method: string | null;
  /** Canonical provider, if known. */
  provider: string | null;
  /** Parsed JSON of `fallom.raw.request`, or undefined. */
  request: unknown;
  /** Parsed JSON of `fallom.raw.response`, or undefined. */
  response: unknown;
}

export interface ParsedRawContent {
  input_messages: Message[] | null;
  system_instructions: MessagePart[] | null;
  output_messages: Message[] | null;
  tool_definitions: unknown[] | null;
  /** From the response: `finishReason`, `toolCalls`… */
  finish_reasons: string[];
  /** `responseId`, `steps[].responseId`, `id`. */
  response_id: string | null;
}

export function parseRawContent(_input: RawContentInput): ParsedRawContent {
  throw new Error("not implemented");
}
