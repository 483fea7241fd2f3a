/**
 * Media blocks (images, audio, documents) as `uri`, `blob` or `file` parts (SPEC §4.1).
 *
 * Media stays as sent: data URIs remain inside `uri` parts and base64 payloads inside `blob`
 * parts, because media extraction (SPEC §4.6) runs later and replaces them with stored references.
 */

import { isRecord, type Json, stringOrNull } from "../json-value.js";
import type { MessagePart } from "../span-record.js";

function modalityOf(mimeType: string | null, fallback: string): string {
  const head = mimeType?.split("/")[0];
  return head === "image" || head === "audio" || head === "video" ? head : fallback;
}

/** `data:image/png;base64,…` → `image/png`. */
function dataUriMime(uri: string): string | null {
  return /^data:([^;,]+)[;,]/.exec(uri)?.[1] ?? null;
}

/**
 * A URL (http, gs, or a data URI kept whole for the media step) as a `uri` part.
 *
 * @example uriPart("data:image/png;base64,iVBO…", "image", null) // { type: "uri", uri, mime_type: "image/png", modality: "image" }
 */
export function uriPart(
  uri: string,
  modality: string,
  mimeType: string | null,
  extra: Json = {},
): MessagePart {
  const mime = mimeType ?? dataUriMime(uri);
  return {
    type: "uri",
    uri,
    ...(mime ? { mime_type: mime } : {}),
    modality: modalityOf(mime, modality),
    ...extra,
  };
}

/** Inline base64 content as a `blob` part. */
export function blobPart(content: string, mimeType: string | null, modality: string): MessagePart {
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

/**
 * Vercel-style image / file data: a URL or data URI, plain base64, or serialised bytes.
 *
 * @example toMediaPart("https://example.test/cat.jpg", null, "image") // { type: "uri", …, modality: "image" }
 */
export function toMediaPart(data: unknown, mimeType: string | null, modality: string): MessagePart | null {
  if (typeof data === "string") {
    return /^(data:|https?:|gs:|file:)/.test(data)
      ? uriPart(data, modality, mimeType)
      : blobPart(data, mimeType, modality);
  }
  const base64 = bytesToBase64(data);
  return base64 ? blobPart(base64, mimeType, modality) : null;
}

/** Anthropic `source`: base64, url or file (images and documents). */
export function anthropicSourcePart(source: Json, modality: string): MessagePart | null {
  const mime = stringOrNull(source.media_type);
  if (source.type === "base64" && typeof source.data === "string")
    return blobPart(source.data, mime, modality);
  if (source.type === "url" && typeof source.url === "string") return uriPart(source.url, modality, mime);
  if (source.type === "file") return { type: "file", file_id: source.file_id, modality };
  if (source.type === "text" && typeof source.data === "string")
    return { type: "text", content: source.data };
  return null;
}
