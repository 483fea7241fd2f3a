/**
 * One part converter for the content blocks of every shape. The same block types turn up across
 * shapes (a Vercel message can carry Anthropic-like images, LangChain reuses OpenAI parts), so
 * every shape parser reads blocks through {@link toMessageParts}.
 */

import { asRecord, isRecord, type Json, stringOrNull } from "../json-value.js";
import type { MessagePart } from "../span-record.js";
import { toGenericPart } from "./to-content-part.js";
import { anthropicSourcePart, blobPart, toMediaPart, uriPart } from "./to-media-part.js";
import { toToolCallPart, toToolResponsePart } from "./to-tool-call-part.js";

/**
 * One content block of any supported shape; null for empty text and unreadable blocks.
 *
 * @example toMessagePart({ type: "input_text", text: "Hi" }) // { type: "text", content: "Hi" }
 */
export function toMessagePart(block: unknown): MessagePart | null {
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
      const audio = asRecord(block.input_audio);
      const format = stringOrNull(audio.format);
      return typeof audio.data === "string"
        ? blobPart(audio.data, format ? `audio/${format}` : null, "audio")
        : null;
    }
    case "input_file":
    case "file": {
      // OpenAI chat nests the file (`{file: {file_data, file_id, filename}}`); Responses and Vercel don't.
      const file = isRecord(block.file) ? block.file : block;
      const mime = stringOrNull(file.mediaType) ?? stringOrNull(file.mimeType);
      const data = file.file_data ?? file.data ?? file.file_url;
      if (data !== undefined) return toMediaPart(data, mime, "document");
      return file.file_id
        ? { type: "file", file_id: file.file_id, filename: file.filename }
        : toGenericPart(block);
    }
    case "image":
      if (isRecord(block.source)) return anthropicSourcePart(block.source, "image");
      return toMediaPart(block.image, stringOrNull(block.mediaType) ?? stringOrNull(block.mimeType), "image");
    case "document":
      return isRecord(block.source) ? anthropicSourcePart(block.source, "document") : toGenericPart(block);
    case "tool_use":
    case "server_tool_use":
    case "tool-call":
      return toToolCallPart(block);
    case "tool_result":
      return toToolResponsePart(block.tool_use_id, block.content, block.is_error ? { is_error: true } : {});
    case "tool-result":
      return toToolResponsePart(block.toolCallId, block.result ?? block.output, { name: block.toolName });
    case "thinking":
      return { type: "reasoning", content: block.thinking };
    case "redacted_thinking":
      return { type: "reasoning", redacted: true };
    case "reasoning":
      return { type: "reasoning", content: block.content ?? block.text };
    case undefined:
      return toGooglePart(block);
    default:
      return toGenericPart(block);
  }
}

/** Google parts carry no `type`: `{text, thought?}`, `inlineData`, `fileData`, `functionCall`, `functionResponse`. */
function toGooglePart(part: Json): MessagePart | null {
  if (typeof part.text === "string") {
    if (part.thought === true) return { type: "reasoning", content: part.text };
    return part.text === "" ? null : { type: "text", content: part.text };
  }
  const inline = part.inlineData ?? part.inline_data;
  if (isRecord(inline) && typeof inline.data === "string") {
    return blobPart(inline.data, stringOrNull(inline.mimeType) ?? stringOrNull(inline.mime_type), "image");
  }
  const file = part.fileData ?? part.file_data;
  if (isRecord(file)) {
    const uri = stringOrNull(file.fileUri) ?? stringOrNull(file.file_uri);
    if (uri) return uriPart(uri, "document", stringOrNull(file.mimeType) ?? stringOrNull(file.mime_type));
  }
  const call = part.functionCall ?? part.function_call;
  if (isRecord(call)) return toToolCallPart(call);
  const response = part.functionResponse ?? part.function_response;
  if (isRecord(response)) return toToolResponsePart(response.id, response.response, { name: response.name });
  return toGenericPart(part);
}

/**
 * A content value (a string, one block, or a block list) as parts, unreadable blocks dropped.
 *
 * @example toMessageParts(["a", { type: "text", text: "b" }]) // two text parts
 */
export function toMessageParts(content: unknown): MessagePart[] {
  const list = Array.isArray(content) ? content : [content];
  return list.flatMap((block) => {
    const part = toMessagePart(block);
    return part ? [part] : [];
  });
}
