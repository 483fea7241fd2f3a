/**
 * Image inputs of every dialect, counted so tests can assert that a client (or a tracing wrapper)
 * sent the image it was given: OpenAI chat `image_url` parts, Responses `input_image` parts,
 * Anthropic `image` blocks (`source` base64 or url) and Gemini `inlineData` / `fileData` image parts.
 */

/** `count` images; `invalid` describes the first malformed base64 payload, as providers reject those. */
export interface ImageInputs {
  count: number;
  invalid?: string;
}

const DATA_URI = /^data:([\w.+-]+\/[\w.+-]+);base64,(.*)$/s;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * @example
 * countImageInputs({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }] }] })
 * // { count: 1 }
 */
export function countImageInputs(body: unknown): ImageInputs {
  const result: ImageInputs = { count: 0 };
  visit(body, result, 0);
  return result;
}

function visit(value: unknown, result: ImageInputs, depth: number): void {
  if (depth > 64 || typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) visit(item, result, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  const payload = imagePayload(record);
  if (payload !== undefined) {
    result.count += 1;
    const problem = payload === null ? undefined : checkPayload(payload);
    if (problem && result.invalid === undefined) result.invalid = problem;
    return;
  }
  for (const child of Object.values(record)) visit(child, result, depth + 1);
}

/** The payload string of an image part (a URL, data URI or raw base64), null for one without. */
function imagePayload(
  part: Record<string, unknown>,
): { kind: "url" | "base64"; value: string } | null | undefined {
  if (part.type === "image_url") {
    const url = typeof part.image_url === "string" ? part.image_url : field(part.image_url, "url");
    return url === undefined ? null : { kind: "url", value: url };
  }
  if (part.type === "input_image") {
    const url = typeof part.image_url === "string" ? part.image_url : undefined;
    return url === undefined ? null : { kind: "url", value: url };
  }
  if (part.type === "image") {
    const source = part.source as Record<string, unknown> | undefined;
    if (source?.type === "base64" && typeof source.data === "string")
      return { kind: "base64", value: source.data };
    if (source?.type === "url" && typeof source.url === "string") return { kind: "url", value: source.url };
    return null;
  }
  const inline = (part.inlineData ?? part.inline_data) as Record<string, unknown> | undefined;
  const inlineMime = field(inline, "mimeType") ?? field(inline, "mime_type");
  if (inlineMime?.startsWith("image/")) {
    const data = field(inline, "data");
    return data === undefined ? null : { kind: "base64", value: data };
  }
  const file = (part.fileData ?? part.file_data) as Record<string, unknown> | undefined;
  if ((field(file, "mimeType") ?? field(file, "mime_type"))?.startsWith("image/")) return null;
  return undefined;
}

function checkPayload(payload: { kind: "url" | "base64"; value: string }): string | undefined {
  if (payload.kind === "base64")
    return isBase64(payload.value) ? undefined : "base64 data is not valid base64";
  if (!payload.value.startsWith("data:")) return undefined;
  const match = DATA_URI.exec(payload.value);
  if (!match) return "a data URI must look like data:<mime>;base64,<data>";
  if (!match[1]?.startsWith("image/")) return `the data URI's type ${match[1]} is not an image type`;
  return isBase64(match[2] ?? "") ? undefined : "the data URI's payload is not valid base64";
}

function isBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, "");
  return compact.length > 0 && compact.length % 4 === 0 && BASE64.test(compact);
}

function field(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === "string" ? found : undefined;
}
