/**
 * Converts the chat-message shapes found in OTLP attributes (OpenAI chat, Vercel AI SDK
 * `ai.prompt.messages`, Anthropic-style blocks, already-canonical OTel GenAI `{role, parts}`)
 * into the OTel GenAI message shape the record stores (SPEC §4.1).
 */
import type { Message, MessagePart } from "../../domain/span-record.js";
import { isRecord, parseJsonOrText, toText } from "./coerce-attribute-value.js";

/** `{type: "text", content}` */
export function textPart(content: string): MessagePart {
  return { type: "text", content };
}

/** `{type: "reasoning", content}` */
export function reasoningPart(content: string): MessagePart {
  return { type: "reasoning", content };
}

/** `{type: "tool_call", id, name, arguments}`; JSON-string arguments are parsed so they read as data. */
export function toolCallPart(id: string | undefined, name: string | undefined, args: unknown): MessagePart {
  return { type: "tool_call", id: id ?? null, name: name ?? null, arguments: parseJsonOrText(args) ?? null };
}

/** `{type: "tool_call_response", id, response}` */
export function toolResponsePart(id: string | undefined, response: unknown): MessagePart {
  return { type: "tool_call_response", id: id ?? null, response: parseJsonOrText(response) ?? null };
}

/**
 * A list of messages in any supported shape; null when `value` is not a list.
 *
 * @example
 * toGenaiMessages([{ role: "user", content: "Hi" }]);
 * // [{ role: "user", parts: [{ type: "text", content: "Hi" }] }]
 */
export function toGenaiMessages(value: unknown): Message[] | null {
  if (!Array.isArray(value)) return null;
  return value.map((item) => toGenaiMessage(item)).filter((message): message is Message => message !== null);
}

/** One message; a bare string becomes a text message with `defaultRole`. */
export function toGenaiMessage(value: unknown, defaultRole = "user"): Message | null {
  if (typeof value === "string") return { role: defaultRole, parts: [textPart(value)] };
  if (!isRecord(value)) return null;
  const role = toText(value.role) ?? defaultRole;
  const message: Message = { role, parts: messageParts(value, role) };
  const name = toText(value.name);
  if (name !== undefined) message.name = name;
  const finishReason = toText(value.finish_reason) ?? toText(value.finishReason);
  if (finishReason !== undefined) message.finish_reason = finishReason;
  return message;
}

function messageParts(message: Record<string, unknown>, role: string): MessagePart[] {
  if (Array.isArray(message.parts)) return message.parts.flatMap(toGenaiParts);
  const parts: MessagePart[] = [];
  const reasoning = toText(message.reasoning) ?? toText(message.reasoning_content);
  if (reasoning !== undefined) parts.push(reasoningPart(reasoning));
  const toolCallId = toText(message.tool_call_id) ?? toText(message.toolCallId);
  if (role === "tool" && toolCallId !== undefined && !Array.isArray(message.content)) {
    // OpenAI tool results carry their id on the message, not on a content block.
    parts.push(toolResponsePart(toolCallId, message.content));
  } else {
    parts.push(...toGenaiParts(message.content));
  }
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    parts.push(...toGenaiParts(call));
  }
  if (isRecord(message.function_call)) {
    parts.push(toolCallPart(undefined, toText(message.function_call.name), message.function_call.arguments));
  }
  return parts;
}

/**
 * Content in any supported shape as parts: a string, one block, or a list of blocks. Empty
 * strings produce no part (assistant turns that only call tools send `content: ""`).
 */
export function toGenaiParts(content: unknown): MessagePart[] {
  if (content == null) return [];
  if (typeof content === "string") return content === "" ? [] : [textPart(content)];
  if (Array.isArray(content)) return content.flatMap(toGenaiParts);
  if (!isRecord(content)) return [textPart(String(content))];
  const part = blockToPart(content);
  return part ? [part] : [];
}

function blockToPart(block: Record<string, unknown>): MessagePart | null {
  const type = toText(block.type);
  switch (type) {
    case "text":
    case "input_text":
    case "output_text": {
      const text = toText(block.text) ?? toText(block.content);
      return text === undefined ? null : textPart(text);
    }
    case "reasoning":
    case "thinking": {
      const text = toText(block.content) ?? toText(block.text) ?? toText(block.thinking);
      return text === undefined ? null : reasoningPart(text);
    }
    case "tool_call":
      return toolCallPart(toText(block.id), toText(block.name), block.arguments);
    case "tool-call":
      return toolCallPart(toText(block.toolCallId), toText(block.toolName), block.input ?? block.args);
    case "tool_use":
      return toolCallPart(toText(block.id), toText(block.name), block.input);
    case "function":
      return openAiToolCall(block);
    case "tool_call_response":
      return toolResponsePart(toText(block.id), block.response);
    case "tool-result":
      return toolResponsePart(toText(block.toolCallId), unwrapVercelOutput(block.output ?? block.result));
    case "tool_result":
      return toolResponsePart(toText(block.tool_use_id), block.content);
    case "image_url": {
      const url = isRecord(block.image_url) ? toText(block.image_url.url) : toText(block.image_url);
      return url === undefined ? null : uriPart(url, "image", undefined);
    }
    case "image":
    case "file":
      return mediaPart(block, type === "image" ? "image" : undefined);
    case "input_audio": {
      const audio = isRecord(block.input_audio) ? block.input_audio : block;
      const format = toText(audio.format);
      return {
        type: "blob",
        modality: "audio",
        mime_type: format ? `audio/${format}` : null,
        content: audio.data,
      };
    }
    default:
      break;
  }
  // Vercel v4 tool calls have no `type`; OpenAI tool calls are `{id, type:"function", function}`.
  if (toText(block.toolCallId) !== undefined && toText(block.toolName) !== undefined) {
    return toolCallPart(toText(block.toolCallId), toText(block.toolName), block.input ?? block.args);
  }
  if (isRecord(block.function)) return openAiToolCall(block);
  // Unknown but typed parts are kept as they are; untyped objects become JSON text.
  return type !== undefined ? { ...block, type } : textPart(JSON.stringify(block));
}

function openAiToolCall(block: Record<string, unknown>): MessagePart {
  const fn = isRecord(block.function) ? block.function : {};
  return toolCallPart(toText(block.id), toText(fn.name), fn.arguments);
}

/** Vercel v5+ tool results are `{type: "json" | "text", value}`; the value is the result. */
function unwrapVercelOutput(output: unknown): unknown {
  if (isRecord(output) && typeof output.type === "string" && "value" in output) return output.value;
  return output;
}

function uriPart(uri: string, modality: string | undefined, mimeType: string | undefined): MessagePart {
  return { type: "uri", modality: modality ?? null, mime_type: mimeType ?? null, uri };
}

/** Vercel `{type:"image", image, mediaType}` / `{type:"file", data, mediaType}`, Anthropic `source`. */
function mediaPart(block: Record<string, unknown>, modality: string | undefined): MessagePart | null {
  const source = isRecord(block.source) ? block.source : undefined;
  const mimeType = toText(block.mediaType) ?? toText(block.mimeType) ?? toText(source?.media_type);
  const inferred = modality ?? mimeType?.split("/")[0];
  if (source) {
    const url = toText(source.url);
    if (url !== undefined) return uriPart(url, inferred, mimeType);
    return { type: "blob", modality: inferred ?? null, mime_type: mimeType ?? null, content: source.data };
  }
  const data = toText(block.image) ?? toText(block.data) ?? toText(block.url);
  if (data === undefined) return null;
  if (/^(https?:|data:)/.test(data)) return uriPart(data, inferred, mimeType);
  return { type: "blob", modality: inferred ?? null, mime_type: mimeType ?? null, content: data };
}
