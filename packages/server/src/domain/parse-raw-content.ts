/**
 * Converts `fallom.raw.request` / `fallom.raw.response` (SPEC §5.3 shapes) into the canonical message
 * fields of SPEC §4.1, in the OTel GenAI shape `{role, parts: [{type, …}]}`.
 *
 * One small parser per shape (OpenAI chat, OpenAI Responses, Anthropic, Google, Vercel, and a generic
 * one for LangChain / Mastra and unknown producers), selected by `fallom.method`, then by the payload's
 * keys, then by the provider. They share one part converter, because the same block types turn up
 * across shapes (a Vercel message can carry Anthropic-like images, LangChain reuses OpenAI parts).
 *
 * Media stays as sent: data URIs remain inside `uri` parts and base64 payloads inside `blob` parts,
 * because media extraction (SPEC §4.6) runs later and replaces them with stored references.
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

type Json = Record<string, unknown>;
type Shape = "openai-chat" | "openai-responses" | "anthropic" | "google" | "vercel" | "generic";

interface ParsedRequest {
  input: Message[];
  system: MessagePart[];
  tools: unknown[] | null;
}

interface ShapeParser {
  request(request: unknown): ParsedRequest;
  /** `finishReason` is the response-level reason, set on the message it belongs to. */
  response(response: unknown, finishReason: string | null): Message[];
}

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function record(value: unknown): Json {
  return isRecord(value) ? value : {};
}

/** Tool-call arguments and tool results often arrive as JSON strings (OpenAI); strings that parse are parsed. */
function parseJsonMaybe(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Parts
// ---------------------------------------------------------------------------------------------

/**
 * A content value as one part: a string becomes a `text` part, anything else a `json` part holding
 * the value (an OTel GenAI generic part), so structured manual-span input and `generateObject`
 * output keep their structure.
 *
 * @example toContentPart({ invoiceId: "INV-1" }) // { type: "json", content: { invoiceId: "INV-1" } }
 */
export function toContentPart(value: unknown): MessagePart {
  return typeof value === "string" ? { type: "text", content: value } : { type: "json", content: value };
}

function modalityOf(mimeType: string | null, fallback: string): string {
  const head = mimeType?.split("/")[0];
  return head === "image" || head === "audio" || head === "video" ? head : fallback;
}

/** `data:image/png;base64,…` → `image/png`. */
function dataUriMime(uri: string): string | null {
  return /^data:([^;,]+)[;,]/.exec(uri)?.[1] ?? null;
}

/** A URL (http, gs, or a data URI kept whole for the media step) as a `uri` part. */
function uriPart(uri: string, modality: string, mimeType: string | null, extra: Json = {}): MessagePart {
  const mime = mimeType ?? dataUriMime(uri);
  return {
    type: "uri",
    uri,
    ...(mime ? { mime_type: mime } : {}),
    modality: modalityOf(mime, modality),
    ...extra,
  };
}

function blobPart(content: string, mimeType: string | null, modality: string): MessagePart {
  return { type: "blob", content, mime_type: mimeType, modality: modalityOf(mimeType, modality) };
}

/** JSON-serialised bytes (`{"0":137,…}` from a Uint8Array, `{type:"Buffer",data:[…]}`) as base64. */
function bytesToBase64(value: unknown): string | null {
  const bytes = isRecord(value) && value.type === "Buffer" ? value.data : value;
  const list = Array.isArray(bytes) ? bytes : isRecord(bytes) ? Object.values(bytes) : null;
  if (!list || list.length === 0) return null;
  if (!list.every((byte) => typeof byte === "number" && byte >= 0 && byte <= 255)) return null;
  return Buffer.from(list as number[]).toString("base64");
}

/** Vercel image / file data: a URL or data URI, plain base64, or serialised bytes. */
function vercelMediaPart(data: unknown, mimeType: string | null, modality: string): MessagePart | null {
  if (typeof data === "string") {
    return /^(data:|https?:|gs:|file:)/.test(data)
      ? uriPart(data, modality, mimeType)
      : blobPart(data, mimeType, modality);
  }
  const base64 = bytesToBase64(data);
  return base64 ? blobPart(base64, mimeType, modality) : null;
}

/** Anthropic `source`: base64, url or file (images and documents). */
function anthropicSourcePart(source: Json, modality: string): MessagePart | null {
  const mime = str(source.media_type);
  if (source.type === "base64" && typeof source.data === "string")
    return blobPart(source.data, mime, modality);
  if (source.type === "url" && typeof source.url === "string") return uriPart(source.url, modality, mime);
  if (source.type === "file") return { type: "file", file_id: source.file_id, modality };
  if (source.type === "text" && typeof source.data === "string")
    return { type: "text", content: source.data };
  return null;
}

/** Tool call from any producer: OpenAI `{id, function:{name, arguments}}`, `{id, name, arguments|args|input}`, Vercel `{toolCallId, toolName, args|input}`, Responses `{call_id}`. */
export function toToolCallPart(call: unknown): MessagePart | null {
  if (!isRecord(call)) return null;
  const fn = isRecord(call.function) ? call.function : call;
  const name = str(fn.name) ?? str(call.toolName);
  if (!name) return null;
  const id = str(call.id) ?? str(call.toolCallId) ?? str(call.call_id) ?? str(call.tool_call_id);
  const args = fn.arguments ?? call.args ?? call.input;
  return { type: "tool_call", id, name, arguments: parseJsonMaybe(args) };
}

function toolResponsePart(id: unknown, response: unknown, extra: Json = {}): MessagePart {
  return {
    type: "tool_call_response",
    id: str(id),
    response: parseJsonMaybe(simplifyToolResult(response)),
    ...extra,
  };
}

/** An all-text block list (Anthropic `tool_result.content`, OpenAI tool content) reads as its text. */
function simplifyToolResult(content: unknown): unknown {
  if (!Array.isArray(content) || content.length === 0) return content;
  const texts = content.map((block) => (isRecord(block) && block.type === "text" ? str(block.text) : null));
  return texts.every((text) => text !== null) ? texts.join("") : content;
}

/** One content block of any supported shape; null for empty text and unreadable blocks. */
function toPart(block: unknown): MessagePart | null {
  if (typeof block === "string") return block === "" ? null : { type: "text", content: block };
  if (!isRecord(block)) return null;
  switch (block.type) {
    case "text":
    case "input_text":
    case "output_text":
      return typeof block.text === "string" ? { type: "text", content: block.text } : toGenericPart(block);
    case "refusal":
      return { type: "refusal", content: block.refusal ?? block.text };
    case "image_url": {
      const image = block.image_url;
      const { url, ...extra } = isRecord(image) ? image : { url: image };
      return typeof url === "string" ? uriPart(url, "image", null, extra) : null;
    }
    case "input_image": {
      const extra = block.detail === undefined ? {} : { detail: block.detail };
      if (typeof block.image_url === "string") return uriPart(block.image_url, "image", null, extra);
      return block.file_id ? { type: "file", file_id: block.file_id, modality: "image", ...extra } : null;
    }
    case "input_audio": {
      const audio = record(block.input_audio);
      const format = str(audio.format);
      return typeof audio.data === "string"
        ? blobPart(audio.data, format ? `audio/${format}` : null, "audio")
        : null;
    }
    case "input_file":
    case "file": {
      // OpenAI chat nests the file (`{file: {file_data, file_id, filename}}`); Responses and Vercel don't.
      const file = isRecord(block.file) ? block.file : block;
      const mime = str(file.mediaType) ?? str(file.mimeType);
      const data = file.file_data ?? file.data ?? file.file_url;
      if (data !== undefined) return vercelMediaPart(data, mime, "document");
      return file.file_id
        ? { type: "file", file_id: file.file_id, filename: file.filename }
        : toGenericPart(block);
    }
    case "image":
      if (isRecord(block.source)) return anthropicSourcePart(block.source, "image");
      return vercelMediaPart(block.image, str(block.mediaType) ?? str(block.mimeType), "image");
    case "document":
      return isRecord(block.source) ? anthropicSourcePart(block.source, "document") : toGenericPart(block);
    case "tool_use":
    case "server_tool_use":
    case "tool-call":
      return toToolCallPart(block);
    case "tool_result":
      return toolResponsePart(block.tool_use_id, block.content, block.is_error ? { is_error: true } : {});
    case "tool-result":
      return toolResponsePart(block.toolCallId, block.result ?? block.output, { name: block.toolName });
    case "thinking":
      return { type: "reasoning", content: block.thinking };
    case "redacted_thinking":
      return { type: "reasoning", redacted: true };
    case "reasoning":
      return { type: "reasoning", content: block.content ?? block.text };
    case undefined:
      return googlePart(block);
    default:
      return toGenericPart(block);
  }
}

/** Google parts carry no `type`: `{text, thought?}`, `inlineData`, `fileData`, `functionCall`, `functionResponse`. */
function googlePart(part: Json): MessagePart | null {
  if (typeof part.text === "string") {
    if (part.thought === true) return { type: "reasoning", content: part.text };
    return part.text === "" ? null : { type: "text", content: part.text };
  }
  const inline = part.inlineData ?? part.inline_data;
  if (isRecord(inline) && typeof inline.data === "string") {
    return blobPart(inline.data, str(inline.mimeType) ?? str(inline.mime_type), "image");
  }
  const file = part.fileData ?? part.file_data;
  if (isRecord(file)) {
    const uri = str(file.fileUri) ?? str(file.file_uri);
    if (uri) return uriPart(uri, "document", str(file.mimeType) ?? str(file.mime_type));
  }
  const call = part.functionCall ?? part.function_call;
  if (isRecord(call)) return toToolCallPart(call);
  const response = part.functionResponse ?? part.function_response;
  if (isRecord(response)) return toolResponsePart(response.id, response.response, { name: response.name });
  return toGenericPart(part);
}

/** Unknown blocks are kept whole, so nothing the producer sent is lost. */
function toGenericPart(block: Json): MessagePart {
  return typeof block.type === "string" ? ({ ...block } as MessagePart) : { type: "json", content: block };
}

function toParts(content: unknown): MessagePart[] {
  const list = Array.isArray(content) ? content : [content];
  return list.flatMap((block) => {
    const part = toPart(block);
    return part ? [part] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

const LANGCHAIN_ROLES: Record<string, string> = {
  human: "user",
  HumanMessage: "user",
  ai: "assistant",
  AIMessage: "assistant",
  system: "system",
  SystemMessage: "system",
  tool: "tool",
  ToolMessage: "tool",
  function: "function",
  FunctionMessage: "function",
};

/** LangChain messages name the role by `type` (`human`) or, serialised, by the class in `id`. */
function roleOf(message: Json): string {
  const role = str(message.role);
  if (role) return role;
  const lcClass = Array.isArray(message.id) ? message.id[message.id.length - 1] : undefined;
  const key = str(message.type) ?? str(lcClass);
  return (key && LANGCHAIN_ROLES[key]) ?? "user";
}

/**
 * Chat messages of OpenAI chat, Anthropic, Vercel and LangChain. OpenAI keeps tool calls beside the
 * content (`tool_calls`, legacy `function_call`) and tool results in `role: "tool"` messages.
 */
function toChatMessage(item: unknown): Message[] {
  if (typeof item === "string") return [{ role: "user", parts: toParts(item) }];
  if (Array.isArray(item)) return item.flatMap(toChatMessage); // LangChain batches: [[message, …]]
  if (!isRecord(item)) return [];
  const source = isRecord(item.kwargs) ? { ...item.kwargs, id: item.id } : item;
  const role = roleOf(source);
  const toolCallId = source.tool_call_id;
  const parts =
    toolCallId !== undefined && (role === "tool" || role === "function")
      ? [toolResponsePart(toolCallId, source.content)]
      : toParts(source.content);
  const calls = [...(Array.isArray(source.tool_calls) ? source.tool_calls : []), source.function_call];
  for (const call of calls) {
    const part = toToolCallPart(call);
    if (part) parts.push(part);
  }
  if (typeof source.refusal === "string") parts.push({ type: "refusal", content: source.refusal });
  const name = str(source.name);
  return [{ role, parts, ...(name ? { name } : {}) }];
}

function toChatMessages(list: unknown): Message[] {
  return Array.isArray(list) ? list.flatMap(toChatMessage) : [];
}

function userText(text: string): Message {
  return { role: "user", parts: [{ type: "text", content: text }] };
}

/** `tools` as given; a Vercel tool record (`{name: definition}`) becomes a list with the names. */
function toolDefinitions(tools: unknown): unknown[] | null {
  if (Array.isArray(tools)) return tools.length > 0 ? tools : null;
  if (isRecord(tools) && Object.keys(tools).length > 0) {
    return Object.entries(tools).map(([name, definition]) => ({ name, ...record(definition) }));
  }
  return null;
}

/**
 * A response's text, reasoning, tool calls and tool results as one assistant message (plus a tool
 * message for executed tool results). This is the common `{text, toolCalls, …}` shape every SDK
 * wrapper produces, and the fallback of every shape parser.
 */
function genericResponse(response: unknown, finishReason: string | null, role = "assistant"): Message[] {
  if (typeof response === "string") return [{ role, parts: toParts(response) }];
  if (!isRecord(response)) return [];
  const parts: MessagePart[] = [];
  const reasoning = str(response.reasoningText) ?? str(response.reasoning);
  if (reasoning) parts.push({ type: "reasoning", content: reasoning });
  if (typeof response.text === "string" && response.text !== "")
    parts.push({ type: "text", content: response.text });
  if (typeof response.refusal === "string") parts.push({ type: "refusal", content: response.refusal });
  if (response.object !== undefined) parts.push(toContentPart(response.object));
  const calls = [...(Array.isArray(response.toolCalls) ? response.toolCalls : []), response.functionCall];
  for (const call of calls) {
    const part = toToolCallPart(call);
    if (part) parts.push(part);
  }
  const messages: Message[] = [];
  if (parts.length > 0) messages.push(withFinish({ role, parts }, finishReason));
  const results = Array.isArray(response.toolResults) ? response.toolResults : [];
  const resultParts = results.filter(isRecord).map((result) =>
    toolResponsePart(result.toolCallId ?? result.id, result.result ?? result.output, {
      name: result.toolName,
    }),
  );
  if (resultParts.length > 0) messages.push({ role: "tool", parts: resultParts });
  return messages;
}

function withFinish(message: Message, finishReason: string | null | undefined): Message {
  return finishReason ? { ...message, finish_reason: finishReason } : message;
}

/** Sets the response-level finish reason on the last assistant-side message. */
function finishLast(messages: Message[], finishReason: string | null): Message[] {
  const index = messages.findLastIndex((message) => message.role !== "tool" && message.role !== "user");
  if (index < 0 || !finishReason) return messages;
  return messages.map((message, i) => (i === index ? withFinish(message, finishReason) : message));
}

// ---------------------------------------------------------------------------------------------
// Shape parsers
// ---------------------------------------------------------------------------------------------

/** OpenAI chat: `{messages, tools, functions}` → `{text, finishReason, toolCalls, functionCall}` or raw `choices`. */
const openAiChat: ShapeParser = {
  request(request) {
    const body = record(request);
    return {
      input: toChatMessages(body.messages),
      system: [],
      tools: toolDefinitions(body.tools ?? body.functions),
    };
  },
  response(response, finishReason) {
    const choices = record(response).choices;
    if (!Array.isArray(choices)) return genericResponse(response, finishReason);
    return choices.filter(isRecord).flatMap((choice) => {
      const reason = str(choice.finish_reason) ?? str(choice.finishReason);
      if (!isRecord(choice.message)) return genericResponse(choice, reason);
      return toChatMessage({ role: "assistant", ...choice.message }).map((message) =>
        withFinish(message, reason),
      );
    });
  },
};

/** Responses `input` items: messages, `function_call`, `function_call_output`, `reasoning`. */
function responsesItem(item: unknown): Message[] {
  if (typeof item === "string") return [userText(item)];
  if (!isRecord(item)) return [];
  switch (item.type) {
    case "function_call":
      return [{ role: "assistant", parts: [toToolCallPart(item)].filter((part) => part !== null) }];
    case "function_call_output":
      return [{ role: "tool", parts: [toolResponsePart(item.call_id, item.output)] }];
    case "reasoning":
      return [{ role: "assistant", parts: reasoningParts(item) }];
    case undefined:
    case "message":
      return [{ role: roleOf(item), parts: toParts(item.content) }];
    default:
      return [{ role: "assistant", parts: [toGenericPart(item)] }];
  }
}

/** Reasoning items carry text in `summary[]` or `content[]`; often neither (then no part). */
function reasoningParts(item: Json): MessagePart[] {
  const blocks = [
    ...(Array.isArray(item.summary) ? item.summary : []),
    ...(Array.isArray(item.content) ? item.content : []),
  ];
  return blocks.flatMap((block) => {
    const text = str(record(block).text);
    return text ? [{ type: "reasoning", content: text }] : [];
  });
}

/** OpenAI Responses: `{input (string | items), instructions, tools}` → `{output: items, text}`. */
const openAiResponses: ShapeParser = {
  request(request) {
    const body = record(request);
    const input = typeof body.input === "string" ? [userText(body.input)] : [];
    if (Array.isArray(body.input)) input.push(...body.input.flatMap(responsesItem));
    return { input, system: toParts(body.instructions), tools: toolDefinitions(body.tools) };
  },
  response(response, finishReason) {
    const body = record(response);
    if (!Array.isArray(body.output)) return genericResponse(response, finishReason);
    const parts = body.output.flatMap((item) => {
      if (!isRecord(item)) return [];
      if (item.type === "message") return toParts(item.content);
      if (item.type === "reasoning") return reasoningParts(item);
      if (item.type === "function_call") return [toToolCallPart(item)].filter((part) => part !== null);
      return [toGenericPart(item)];
    });
    if (parts.length === 0 && str(body.text)) parts.push({ type: "text", content: body.text });
    return parts.length > 0 ? [withFinish({ role: "assistant", parts }, finishReason)] : [];
  },
};

/** Anthropic: `{messages, system (string | blocks), tools}` → `{content: blocks}` or `{text, toolCalls}`. */
const anthropic: ShapeParser = {
  request(request) {
    const body = record(request);
    return {
      input: toChatMessages(body.messages),
      system: toParts(body.system),
      tools: toolDefinitions(body.tools),
    };
  },
  response(response, finishReason) {
    const body = record(response);
    if (!Array.isArray(body.content)) return genericResponse(response, finishReason);
    return [withFinish({ role: str(body.role) ?? "assistant", parts: toParts(body.content) }, finishReason)];
  },
};

/** Google `contents`: a string, one Content, a list of Contents, or a list of parts / strings (one user turn). */
function googleContents(contents: unknown): Message[] {
  if (typeof contents === "string") return [userText(contents)];
  const list = Array.isArray(contents) ? contents : [contents];
  const isContent = (item: unknown) => isRecord(item) && Array.isArray(item.parts);
  if (list.some(isContent)) {
    return list.filter(isContent).map((item) => {
      const content = record(item);
      return { role: str(content.role) ?? "user", parts: toParts(content.parts) };
    });
  }
  const parts = toParts(list);
  return parts.length > 0 ? [{ role: "user", parts }] : [];
}

/** System instruction: a string, a part, or a Content `{parts}`. */
function googleSystem(instruction: unknown): MessagePart[] {
  return isRecord(instruction) && Array.isArray(instruction.parts)
    ? toParts(instruction.parts)
    : toParts(instruction);
}

/**
 * Google: the raw first argument of `generateContent` (a string, parts, or `{contents,
 * systemInstruction, tools}`; `@google/genai` nests the last two in `config`) → `{text, candidates}`.
 */
const google: ShapeParser = {
  request(request) {
    if (!isRecord(request) || (Array.isArray(request.parts) && request.contents === undefined)) {
      return { input: googleContents(request), system: [], tools: null };
    }
    const config = record(request.config);
    const contents = request.contents ?? request.message;
    return {
      input: googleContents(contents),
      system: googleSystem(
        request.systemInstruction ?? request.system_instruction ?? config.systemInstruction,
      ),
      tools: toolDefinitions(request.tools ?? config.tools),
    };
  },
  response(response, finishReason) {
    const candidates = record(response).candidates;
    if (!Array.isArray(candidates)) return genericResponse(response, finishReason, "model");
    return candidates.filter(isRecord).map((candidate) => {
      const content = record(candidate.content);
      const reason = str(candidate.finishReason) ?? str(candidate.finish_reason) ?? finishReason;
      return withFinish({ role: str(content.role) ?? "model", parts: toParts(content.parts) }, reason);
    });
  },
};

/** Vercel AI SDK: `{prompt, messages, system, tools: [names]}` → `{text, toolCalls, toolResults, responseMessages}` or `{object}`. */
const vercel: ShapeParser = {
  request(request) {
    const body = record(request);
    const input = typeof body.prompt === "string" ? [userText(body.prompt)] : toChatMessages(body.prompt);
    input.push(...toChatMessages(body.messages));
    return { input, system: toParts(body.system), tools: toolDefinitions(body.tools) };
  },
  response(response, finishReason) {
    const messages = record(response).responseMessages;
    if (!Array.isArray(messages) || messages.length === 0) return genericResponse(response, finishReason);
    return finishLast(toChatMessages(messages), finishReason);
  },
};

/** LangChain / Mastra and unknown producers: a string, `{prompts: [string]}`, `{messages}` or a message list. */
const generic: ShapeParser = {
  request(request) {
    if (typeof request === "string") return { input: [userText(request)], system: [], tools: null };
    if (Array.isArray(request)) return { input: toChatMessages(request), system: [], tools: null };
    const body = record(request);
    const prompts = Array.isArray(body.prompts)
      ? body.prompts.filter((p) => typeof p === "string").map(userText)
      : [];
    const input = [...prompts, ...toChatMessages(body.messages)];
    if (typeof body.input === "string") input.push(userText(body.input));
    return { input, system: toParts(body.system), tools: toolDefinitions(body.tools) };
  },
  response: genericResponse,
};

const PARSERS: Record<Shape, ShapeParser> = {
  "openai-chat": openAiChat,
  "openai-responses": openAiResponses,
  anthropic,
  google,
  vercel,
  generic,
};

// ---------------------------------------------------------------------------------------------
// Shape selection, finish reasons, response id
// ---------------------------------------------------------------------------------------------

const METHOD_SHAPES: Array<[RegExp, Shape]> = [
  [/(^|\.)responses(\.|$)/, "openai-responses"],
  [/chat\.?completions|^completions/, "openai-chat"],
  [/(^|\.)messages\.(create|stream)$/, "anthropic"],
  [/generatecontent|sendmessage/, "google"],
  [/(generate|stream)(text|object)$|\.do(generate|stream)$/, "vercel"],
];

/** Method names are compared case-blind and without `_`, so `generate_content` matches `generateContent`. */
function shapeFromMethod(method: string | null): Shape | null {
  if (!method) return null;
  const key = method.toLowerCase().replaceAll("_", "");
  return METHOD_SHAPES.find(([pattern]) => pattern.test(key))?.[1] ?? null;
}

function shapeFromProvider(provider: string | null): Shape | null {
  if (provider === "anthropic") return "anthropic";
  if (provider === "google" || provider === "vertex") return "google";
  return null;
}

function shapeFromRequest(request: unknown): Shape | null {
  if (!isRecord(request)) return null;
  if (["contents", "systemInstruction", "system_instruction"].some((key) => key in request)) return "google";
  if ("instructions" in request || "input" in request) return "openai-responses";
  if ("prompt" in request) return "vercel";
  if ("system" in request) return "anthropic";
  if ("messages" in request) return "openai-chat";
  return null;
}

function shapeFromResponse(response: unknown): Shape | null {
  if (!isRecord(response)) return null;
  if ("candidates" in response) return "google";
  if (Array.isArray(response.output)) return "openai-responses";
  if ("choices" in response) return "openai-chat";
  if (["steps", "responseMessages", "toolResults", "object"].some((key) => key in response)) return "vercel";
  if (Array.isArray(response.content) || "stop_reason" in response) return "anthropic";
  return null;
}

function stepsOf(response: Json): Json[] {
  return Array.isArray(response.steps) ? response.steps.filter(isRecord) : [];
}

/** The response-level finish reason, as sent (SPEC §6.4 E7); a Vercel result falls back to its last step. */
function topFinishReason(response: unknown): string | null {
  if (!isRecord(response)) return null;
  const direct =
    str(response.finishReason) ??
    str(response.finish_reason) ??
    str(response.stop_reason) ??
    str(response.stopReason);
  return direct ?? str(stepsOf(response).at(-1)?.finishReason);
}

/** Finish reasons: one per Google candidate / OpenAI choice, else the response-level reason. */
function readFinishReasons(response: unknown): string[] {
  if (!isRecord(response)) return [];
  for (const [list, keys] of [
    [response.candidates, ["finishReason", "finish_reason"]],
    [response.choices, ["finish_reason", "finishReason"]],
  ] as const) {
    if (!Array.isArray(list)) continue;
    const reasons = list.flatMap((item) => {
      const reason = keys.map((key) => str(record(item)[key])).find((value) => value !== null);
      return reason ? [reason] : [];
    });
    if (reasons.length > 0) return reasons;
  }
  const top = topFinishReason(response);
  return top ? [top] : [];
}

/** `responseId`, else `id`, else the last step's `responseId` (SPEC §6.4 E6). */
function readResponseId(response: unknown): string | null {
  if (!isRecord(response)) return null;
  const direct = str(response.responseId) ?? str(response.response_id) ?? str(response.id);
  if (direct) return direct;
  const steps = stepsOf(response);
  for (let i = steps.length - 1; i >= 0; i--) {
    const id = str(steps[i]?.responseId) ?? str(record(steps[i]?.response).id);
    if (id) return id;
  }
  return str(record(response.response).id);
}

function nonEmpty<T>(list: T[] | undefined): T[] | null {
  return list && list.length > 0 ? list : null;
}

/**
 * Parses the raw request and response of a native span into canonical messages. The parser is chosen
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
  const { method, provider, request, response } = input;
  const fromMethod = shapeFromMethod(method);
  const fromProvider = shapeFromProvider(provider);
  const requestShape = fromMethod ?? shapeFromRequest(request) ?? fromProvider ?? "generic";
  const responseShape = fromMethod ?? shapeFromResponse(response) ?? fromProvider ?? "generic";
  const parsedRequest = request == null ? null : PARSERS[requestShape].request(request);
  const output = response == null ? [] : PARSERS[responseShape].response(response, topFinishReason(response));
  return {
    input_messages: nonEmpty(parsedRequest?.input),
    system_instructions: nonEmpty(parsedRequest?.system),
    output_messages: nonEmpty(output),
    tool_definitions: parsedRequest?.tools ?? null,
    finish_reasons: readFinishReasons(response),
    response_id: readResponseId(response),
  };
}
