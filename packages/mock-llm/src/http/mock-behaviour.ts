import type { IncomingHttpHeaders } from "node:http";
import { MockRequestError } from "./mock-request-error.js";

/** Test switches read from `x-mock-*` headers and magic model names. */
export interface MockBehaviour {
  /** Answer with this HTTP error instead of a completion (`x-mock-error`, model `mock-error-<status>`). */
  errorStatus?: number;
  /** `retry-after` seconds sent with 429, 503 and 529 errors (`x-mock-retry-after`, default 1). */
  retryAfterSeconds: number;
  /** Delay before the first byte of the response (`x-mock-delay-ms`). */
  delayMs: number;
  /** Delay between two stream events (`x-mock-stream-chunk-delay-ms`). */
  chunkDelayMs: number;
  /** Extra delay before the first stream event, after the headers (`x-mock-first-chunk-delay-ms`). */
  firstChunkDelayMs: number;
  /** Send one event whose `data` is not JSON after this many events, then end (`x-mock-malformed-chunk-after-chunks`). */
  malformedChunkAfterChunks?: number;
  /** OpenAI chat streams: send the reply text as exactly this many content chunks (`x-mock-stream-chunks`). */
  streamChunks?: number;
  /** Destroy the socket after this many stream events (`x-mock-disconnect-after-chunks`). */
  disconnectAfterChunks?: number;
  /** Send the provider's in-stream error event after this many events (`x-mock-stream-error-after-chunks`). */
  streamErrorAfterChunks?: number;
  /** OpenRouter flavour requested by header (`x-mock-openrouter: 1` or `byok`). */
  openRouterHeader?: "standard" | "byok";
}

const MAGIC_ERROR_MODEL = /(?:^|\/)mock-error-(\d{3})$/;

/**
 * Reads the behaviour switches of one request. `model` is the request's model (body or path).
 * Throws a 400 `MockRequestError` for a malformed switch, so a typo in a test fails loudly.
 *
 * @example
 * ```ts
 * parseMockBehaviour({ "x-mock-error": "429" }, "gpt-4o").errorStatus; // 429
 * parseMockBehaviour({}, "mock-error-500").errorStatus; // 500
 * ```
 */
export function parseMockBehaviour(headers: IncomingHttpHeaders, model: string | undefined): MockBehaviour {
  const behaviour: MockBehaviour = {
    retryAfterSeconds: readInteger(headers, "x-mock-retry-after") ?? 1,
    delayMs: readInteger(headers, "x-mock-delay-ms") ?? 0,
    chunkDelayMs: readInteger(headers, "x-mock-stream-chunk-delay-ms") ?? 0,
    firstChunkDelayMs: readInteger(headers, "x-mock-first-chunk-delay-ms") ?? 0,
  };
  const errorStatus = readInteger(headers, "x-mock-error") ?? magicErrorStatus(model);
  if (errorStatus !== undefined) {
    if (errorStatus < 400 || errorStatus > 599) {
      throw new MockRequestError(
        400,
        `x-mock-error must be an HTTP error status (400-599), got ${errorStatus}`,
      );
    }
    behaviour.errorStatus = errorStatus;
  }
  const disconnectAfterChunks = readInteger(headers, "x-mock-disconnect-after-chunks");
  if (disconnectAfterChunks !== undefined) behaviour.disconnectAfterChunks = disconnectAfterChunks;
  const streamErrorAfterChunks = readInteger(headers, "x-mock-stream-error-after-chunks");
  if (streamErrorAfterChunks !== undefined) behaviour.streamErrorAfterChunks = streamErrorAfterChunks;
  const streamChunks = readInteger(headers, "x-mock-stream-chunks");
  if (streamChunks !== undefined) {
    if (streamChunks < 1 || streamChunks > 10_000) {
      throw new MockRequestError(
        400,
        `x-mock-stream-chunks must be between 1 and 10000, got ${streamChunks}`,
      );
    }
    behaviour.streamChunks = streamChunks;
  }
  const malformedAfter = readInteger(headers, "x-mock-malformed-chunk-after-chunks");
  if (malformedAfter !== undefined) behaviour.malformedChunkAfterChunks = malformedAfter;
  const openRouter = readHeader(headers, "x-mock-openrouter")?.toLowerCase();
  if (openRouter === "byok") behaviour.openRouterHeader = "byok";
  else if (openRouter === "1" || openRouter === "true") behaviour.openRouterHeader = "standard";
  return behaviour;
}

function magicErrorStatus(model: string | undefined): number | undefined {
  const match = model === undefined ? null : MAGIC_ERROR_MODEL.exec(model);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function readInteger(headers: IncomingHttpHeaders, name: string): number | undefined {
  const raw = readHeader(headers, name);
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new MockRequestError(400, `${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function readHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
