/**
 * Reads a request body under a byte cap and decompresses it as a stream (SPEC §5.2: gzip MUST,
 * deflate SHOULD, anything else 415, over `FALLOM_MAX_BODY_BYTES` 413).
 *
 * The cap applies to the decompressed size. A 50 KB gzip body can expand to gigabytes, so we
 * count the output while it is produced. We stop pulling from the socket as soon as the count
 * passes the cap. At most `maxBytes` plus one chunk is ever held in memory.
 *
 * Decompression uses node:zlib streams, not the web `DecompressionStream`. On Node 20 that one
 * pulls the whole upload into its queue regardless of demand, which defeats the cap.
 */
import { pipeline, Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { createGunzip, createInflate, createInflateRaw } from "node:zlib";

/** Why a body could not be read. `status` and `code` go to the client unchanged. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    /** Stable snake_case code: `invalid_compression`, `payload_too_large` or `unsupported_encoding`. */
    readonly code: "invalid_compression" | "payload_too_large" | "unsupported_encoding",
    message: string,
  ) {
    super(message);
    this.name = "BodyError";
  }
}

/** Options of {@link readBody}. */
export interface ReadBodyOptions {
  /** Largest accepted body after decompression, in bytes. */
  maxBytes: number;
}

type Coding = "gzip" | "deflate";

const SUPPORTED = "gzip or deflate, or send it uncompressed (identity)";

/** The one content coding applied to the body, or null for none (`identity` or no header). */
function parseContentEncoding(header: string | null): Coding | null {
  const codings: Coding[] = [];
  for (const token of (header ?? "").split(",")) {
    const coding = token.trim().toLowerCase();
    if (coding === "" || coding === "identity") continue;
    // RFC 9110 §8.4.1.3: a recipient SHOULD treat x-gzip as gzip.
    if (coding === "gzip" || coding === "x-gzip") codings.push("gzip");
    else if (coding === "deflate") codings.push("deflate");
    else {
      throw new BodyError(
        415,
        "unsupported_encoding",
        `Content-Encoding "${coding}" is not supported. Compress the body with ${SUPPORTED}.`,
      );
    }
  }
  if (codings.length > 1) {
    // No OTLP exporter or SDK stacks codings. Refusing them keeps the streaming path a single step.
    throw new BodyError(
      415,
      "unsupported_encoding",
      `Content-Encoding "${header}" applies more than one coding. Compress the body once, with ${SUPPORTED}.`,
    );
  }
  return codings[0] ?? null;
}

/**
 * Reads at least `count` bytes from the front of a stream. Returns those bytes and a stream that
 * yields the same bytes again, followed by the rest. It pulls from the source only when the reader
 * asks (highWaterMark 0), so the cap still stops the upload.
 */
async function peek(
  stream: ReadableStream<Uint8Array>,
  count: number,
): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.byteLength;
  }
  const head = concat(parts, length);
  let headSent = length === 0;
  const rest = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headSent) {
          headSent = true;
          controller.enqueue(head);
          return;
        }
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return { head, stream: rest };
}

/**
 * A `deflate` body is meant to be zlib-wrapped (RFC 9110). Some clients send raw DEFLATE instead,
 * so we look at the first two bytes: CM=8, a window of at most 32 KiB, and a header checksum that
 * divides by 31.
 */
function isZlibHeader(head: Uint8Array): boolean {
  const cmf = head[0];
  const flg = head[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

/**
 * The decompressed body as chunks of at most 16 KiB (zlib's chunk size). zlib stops inflating while
 * its output is unread, and pipeline() stops pulling the upload while zlib's input is full. When
 * the consumer stops iterating, everything is destroyed and the request body is cancelled.
 */
async function decompress(
  body: ReadableStream<Uint8Array>,
  coding: Coding,
): Promise<AsyncIterable<Uint8Array>> {
  const peeked = await peek(body, coding === "deflate" ? 2 : 1);
  // An empty body with a Content-Encoding header has no content to decode. zlib would call it
  // truncated, but "no spans" is the more useful reading.
  if (peeked.head.byteLength === 0) return Readable.from([]);
  const inflater =
    coding === "gzip" ? createGunzip() : isZlibHeader(peeked.head) ? createInflate() : createInflateRaw();
  // An error anywhere in the pipe destroys the inflater with it, so the consumer's loop sees it.
  return pipeline(Readable.fromWeb(peeked.stream as NodeWebReadableStream<Uint8Array>), inflater, () => {});
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  // A single chunk is returned as a plain Uint8Array view of it (zlib yields Buffers), without a copy.
  const [only] = parts;
  if (parts.length === 1 && only) return new Uint8Array(only.buffer, only.byteOffset, only.byteLength);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function tooLarge(maxBytes: number): BodyError {
  return new BodyError(
    413,
    "payload_too_large",
    `The request body is larger than this server's limit of ${maxBytes} bytes (measured after decompression). ` +
      "Split the batch into smaller requests.",
  );
}

/** zlib failures carry a `Z_…` code (Z_DATA_ERROR, or Z_BUF_ERROR for a truncated stream). */
function isZlibError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("Z_");
}

function invalidCompression(coding: Coding, error: Error): BodyError {
  return new BodyError(
    400,
    "invalid_compression",
    `The request body could not be decompressed as Content-Encoding "${coding}": ${error.message}. ` +
      "Check that the Content-Encoding header matches how the body was compressed.",
  );
}

/**
 * Reads the whole body of a web-standard `Request`. It applies its `Content-Encoding` (gzip, deflate
 * zlib-wrapped or raw, identity) and enforces `maxBytes` on the decompressed size. A request without
 * a body gives an empty array.
 *
 * @throws {BodyError} 415 `unsupported_encoding`, 413 `payload_too_large`, 400 `invalid_compression`.
 * @example
 * const bytes = await readBody(c.req.raw, { maxBytes: 10 * 1024 * 1024 });
 */
export async function readBody(request: Request, { maxBytes }: ReadBodyOptions): Promise<Uint8Array> {
  const coding = parseContentEncoding(request.headers.get("content-encoding"));
  if (coding === null) {
    // The declared length of an uncompressed body is its real size, so refuse it before reading a byte.
    const declared = Number(request.headers.get("content-length") ?? Number.NaN);
    if (declared > maxBytes) {
      await request.body?.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
  }
  if (!request.body) return new Uint8Array(0);

  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    // Leaving the loop early (the throw below, or an error) cancels the request body. This goes
    // through the inflater when the body is compressed, so the rest of the upload is never pulled.
    const chunks = coding === null ? request.body : await decompress(request.body, coding);
    for await (const chunk of chunks) {
      length += chunk.byteLength;
      if (length > maxBytes) throw tooLarge(maxBytes);
      parts.push(chunk);
    }
  } catch (error) {
    if (coding !== null && isZlibError(error)) throw invalidCompression(coding, error);
    throw error;
  }
  return concat(parts, length);
}
