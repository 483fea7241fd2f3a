/**
 * Converts `fallom.raw.request` / `fallom.raw.response` (SPEC §5.3 shapes) into the canonical message
 * fields of SPEC §4.1, in the OTel GenAI shape `{role, parts: [{type, …}]}`.
 *
 * One small parser per shape lives in `raw-content/` (OpenAI chat, OpenAI Responses, Anthropic,
 * Google, Vercel, and a generic one for LangChain / Mastra and unknown producers); they share one
 * part converter, because the same block types turn up across shapes. This module only picks the
 * parser per side and assembles the result.
 */
import { parseAnthropic } from "./raw-content/parse-anthropic.js";
import { parseGeneric } from "./raw-content/parse-generic.js";
import { parseGoogle } from "./raw-content/parse-google.js";
import { parseOpenAiChat } from "./raw-content/parse-openai-chat.js";
import { parseOpenAiResponses } from "./raw-content/parse-openai-responses.js";
import { parseVercel } from "./raw-content/parse-vercel.js";
import { readFinishReasons, readTopFinishReason } from "./raw-content/read-finish-reasons.js";
import { readResponseId } from "./raw-content/read-response-id.js";
import { selectShapes } from "./raw-content/select-shapes.js";
import type { Shape, ShapeParser } from "./raw-content/shape-parser.js";
import type { Message, MessagePart } from "./span-record.js";

export { toContentPart } from "./raw-content/to-content-part.js";
export { toToolCallPart } from "./raw-content/to-tool-call-part.js";

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

const PARSERS: Record<Shape, ShapeParser> = {
  "openai-chat": parseOpenAiChat,
  "openai-responses": parseOpenAiResponses,
  anthropic: parseAnthropic,
  google: parseGoogle,
  vercel: parseVercel,
  generic: parseGeneric,
};

function nonEmpty<T>(list: T[] | undefined): T[] | null {
  return list && list.length > 0 ? list : null;
}

/**
 * Parses the raw request and response of a span into canonical messages. The parser is chosen
 * per side by `method`, then by the payload's keys, then by `provider`; every parser tolerates the
 * other shapes' common fields, so an unexpected payload still yields its text.
 *
 * @example
 * parseRawContent({ method: "chat.completions.create", provider: "openai",
 *   request: { messages: [{ role: "user", content: "Hi" }] },
 *   response: { text: "Hello", finishReason: "stop", responseId: "chatcmpl-1" } })
 * // → input_messages [{role:"user", parts:[{type:"text", content:"Hi"}]}],
 * //   output_messages [{role:"assistant", parts:[{type:"text", content:"Hello"}], finish_reason:"stop"}],
 * //   finish_reasons ["stop"], response_id "chatcmpl-1"
 */
export function parseRawContent(input: RawContentInput): ParsedRawContent {
  const { request, response } = input;
  const shapes = selectShapes(input);
  const parsedRequest = request == null ? null : PARSERS[shapes.request].request(request);
  const output =
    response == null ? [] : PARSERS[shapes.response].response(response, readTopFinishReason(response));
  return {
    input_messages: nonEmpty(parsedRequest?.input),
    system_instructions: nonEmpty(parsedRequest?.system),
    output_messages: nonEmpty(output),
    tool_definitions: parsedRequest?.tools ?? null,
    finish_reasons: readFinishReasons(response),
    response_id: readResponseId(response),
  };
}
