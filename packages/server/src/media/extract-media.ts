/**
 * Moves base64 media out of content (SPEC §4.6): each payload becomes a content-addressed blob and
 * its place in the JSON gets the URL form of the same schema, pointing at `fallom-media:<sha256>`.
 * Pure: the caller stores the blobs.
 */
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { toMediaRef } from "./media-ref.js";

/** One decoded payload, named by the lowercase hex SHA-256 of its bytes. */
export interface MediaBlob {
  sha256: string;
  mimeType: string;
  bytes: Buffer;
}

export interface ExtractedMedia {
  /** The input with every payload replaced; unchanged parts are shared with the input, not copied. */
  value: unknown;
  /** Each distinct payload once. */
  blobs: MediaBlob[];
}

type JsonObject = Record<string, unknown>;

const OCTET_STREAM = "application/octet-stream";
// Content is parsed JSON; a deeper value is left alone rather than risking the stack.
const MAX_DEPTH = 256;
// A data URI anywhere in a string: a whole `image_url.url`, or one inside text or unparsed JSON.
// Only the standard alphabet here, so a URI inside prose ends where its payload does.
const DATA_URI =
  /data:([\w!#$&^.+-]+\/[\w!#$&^.+-]+)((?:;[\w!#$&^.+-]+=[^;,\s"']*)*);base64,([A-Za-z0-9+/]+={0,2})/gi;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const WHITESPACE = /\s/g;
const AUDIO_MIME: Record<string, string> = { mp3: "audio/mpeg" };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Bytes of a base64 payload (standard or URL-safe, line breaks allowed), or null when invalid. */
function decodeBase64(payload: string): Buffer | null {
  const compact = payload.replace(WHITESPACE, "");
  if (!BASE64.test(compact)) return null;
  const remainder = compact.length % 4;
  // Padding only completes a final quantum; one leftover character cannot encode a byte.
  if (remainder === 1 || (compact.includes("=") && remainder !== 0)) return null;
  const bytes = Buffer.from(compact, "base64");
  return bytes.length > 0 ? bytes : null;
}

function without(object: JsonObject, ...keys: string[]): JsonObject {
  const rest: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (!keys.includes(key)) rest[key] = value;
  return rest;
}

/** Collects the blobs of one `extractMedia` call, deduplicated by hash. */
class Extraction {
  readonly blobs = new Map<string, MediaBlob>();

  /** Stores the payload and returns its reference, or null when it is not valid base64. */
  store(payload: unknown, mimeType: unknown): string | null {
    if (typeof payload !== "string") return null;
    const bytes = decodeBase64(payload);
    if (!bytes) return null;
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (!this.blobs.has(sha256)) {
      const mime =
        typeof mimeType === "string" && mimeType.trim() !== "" ? mimeType.trim().toLowerCase() : OCTET_STREAM;
      this.blobs.set(sha256, { sha256, mimeType: mime, bytes });
    }
    return toMediaRef(sha256);
  }

  string(text: string): string {
    if (!text.includes(";base64,")) return text;
    return text.replace(DATA_URI, (uri, mimeType: string, _parameters: string, payload: string) => {
      return this.store(payload, mimeType) ?? uri;
    });
  }

  /** Anthropic `{type:"base64", media_type, data}` → `{type:"url", url}`. */
  anthropicSource(source: JsonObject): JsonObject | null {
    if (source.type !== "base64" || typeof source.media_type !== "string") return null;
    const url = this.store(source.data, source.media_type);
    return url ? { ...without(source, "media_type", "data"), type: "url", url } : null;
  }

  /** GenAI `{type:"blob", content, mime_type, modality}` → `{type:"uri", uri, mime_type, modality}`. */
  genAiBlob(part: JsonObject): JsonObject | null {
    if (part.type !== "blob") return null;
    const uri = this.store(part.content, part.mime_type);
    return uri ? { ...without(part, "content"), type: "uri", uri } : null;
  }

  /** Google `inlineData{mimeType, data}` → `fileData{mimeType, fileUri}`, and the snake_case twin. */
  googleInlineData(inline: unknown, snakeCase: boolean): JsonObject | null {
    if (!isObject(inline)) return null;
    const mimeType = inline.mimeType ?? inline.mime_type;
    const uri = this.store(inline.data, mimeType);
    if (!uri) return null;
    const rest = without(inline, "data", "mimeType", "mime_type");
    return snakeCase
      ? { ...rest, mime_type: mimeType ?? OCTET_STREAM, file_uri: uri }
      : { ...rest, mimeType: mimeType ?? OCTET_STREAM, fileUri: uri };
  }

  /** OpenAI `input_audio{data, format}`: same shape, data replaced by the reference. */
  openAiInputAudio(audio: unknown): JsonObject | null {
    if (!isObject(audio) || typeof audio.format !== "string") return null;
    const format = audio.format.toLowerCase();
    const data = this.store(audio.data, AUDIO_MIME[format] ?? `audio/${format}`);
    return data ? { ...audio, data } : null;
  }

  object(object: JsonObject, depth: number): JsonObject {
    const whole = this.anthropicSource(object) ?? this.genAiBlob(object);
    if (whole) return whole;
    // The copy starts at the first changed key: almost no content carries media, and copying
    // every object of every span only to throw the copy away was most of this walk's cost.
    let next: JsonObject | null = null;
    const keys = Object.keys(object);
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index] as string;
      const value = object[key];
      let outKey = key;
      let outValue: unknown;
      if (key === "inlineData" || key === "inline_data") {
        const file = this.googleInlineData(value, key === "inline_data");
        if (file) outKey = key === "inlineData" ? "fileData" : "file_data";
        outValue = file ?? this.value(value, depth + 1);
      } else if (key === "input_audio") {
        outValue = this.openAiInputAudio(value) ?? this.value(value, depth + 1);
      } else {
        outValue = this.value(value, depth + 1);
      }
      if (next === null && (outKey !== key || outValue !== value)) {
        next = {};
        for (const earlier of keys.slice(0, index)) next[earlier] = object[earlier];
      }
      if (next !== null) next[outKey] = outValue;
    }
    return next ?? object;
  }

  value(value: unknown, depth: number): unknown {
    if (typeof value === "string") return this.string(value);
    if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) {
      let next: unknown[] | null = null;
      for (let index = 0; index < value.length; index += 1) {
        const item: unknown = value[index];
        const out = this.value(item, depth + 1);
        if (next === null && out !== item) next = value.slice(0, index);
        if (next !== null) next.push(out);
      }
      return next ?? value;
    }
    return this.object(value as JsonObject, depth);
  }
}

/**
 * Replaces every base64 payload in a JSON value with a `fallom-media:<sha256>` reference:
 * `data:<mime>;base64,…` strings (whole or inside a longer string, under any key), OpenAI
 * `input_audio`, Anthropic `source{type:"base64"}`, Google `inlineData`/`inline_data` and GenAI
 * `blob` parts, each turned into that schema's URL form. Sibling keys are kept (`detail: "low"`);
 * http(s) URLs and invalid base64 are left as they are. The input is not mutated.
 *
 * @example
 * extractMedia({ image_url: { url: "data:image/png;base64,iVBORw0…", detail: "low" } })
 * // { value: { image_url: { url: "fallom-media:8af2…", detail: "low" } },
 * //   blobs: [{ sha256: "8af2…", mimeType: "image/png", bytes: <Buffer 89 50 4e 47 …> }] }
 */
export function extractMedia(value: unknown): ExtractedMedia {
  const extraction = new Extraction();
  const out = extraction.value(value, 0);
  return { value: out, blobs: [...extraction.blobs.values()] };
}
