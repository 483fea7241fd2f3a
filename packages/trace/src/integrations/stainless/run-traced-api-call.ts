/**
 * The one flow every Stainless wrapper method shares: call the vendor inside the LLM call's async
 * context, then follow the returned APIPromise to a body or a stream, an error, or a raw response.
 */

import { debugLog } from "../../log.js";
import { guard } from "../../record/guard.js";
import type { LlmCall, LlmCallResult } from "../../record/types.js";
import { observeStream } from "./observe-stream.js";
import { traceApiPromise } from "./trace-api-promise.js";

/** How one traced method reads its outcome. */
export interface ApiCallReader {
  /** The span result of a non-streamed body. */
  toResult(body: unknown): LlmCallResult;
  /** For a streamed call: the per-stream chunk reader (a new one per call). */
  stream?: StreamReader;
}

/** What one chunk meant: see `chunkRead`. */
export interface ChunkRead {
  readonly hasContent: boolean;
  readonly visible: boolean;
}

const CHUNK_READS: readonly ChunkRead[] = [
  { hasContent: false, visible: false },
  { hasContent: true, visible: false },
  { hasContent: false, visible: true },
  { hasContent: true, visible: true },
];

/**
 * A shared, immutable verdict object, so the chunk path allocates nothing per chunk.
 *
 * @example return chunkRead(accumulator.add(event), true);
 */
export function chunkRead(hasContent: boolean, visible: boolean): ChunkRead {
  return CHUNK_READS[(hasContent ? 1 : 0) + (visible ? 2 : 0)] as ChunkRead;
}

/** Reads the chunks of one stream. */
export interface StreamReader {
  /** Returns whether the chunk carries content (W9) and whether the caller may see it. */
  add(chunk: unknown): ChunkRead;
  result(): LlmCallResult;
  /** An error the stream reported as an event rather than by throwing (Responses `response.failed`). */
  failure?(): unknown;
}

/**
 * Runs `invoke` (the vendor method) inside `call` and returns its APIPromise observed. A
 * synchronous throw of the vendor method fails the call and is re-thrown unchanged.
 *
 * @example
 * return runTracedApiCall(call, () => original.apply(owner, args), { toResult: toChatResult });
 */
export function runTracedApiCall(call: LlmCall, invoke: () => unknown, reader: ApiCallReader): unknown {
  let promise: unknown;
  try {
    promise = call.runSync(invoke);
  } catch (error) {
    guard("record a synchronous failure", () => call.fail(error), undefined);
    throw error;
  }
  return traceApiPromise(promise, {
    onData: (data) => guard("read the response", () => readData(call, data, reader), undefined),
    onError: (error) => guard("record a failure", () => call.fail(error), undefined),
    onResponseOnly: () => guard("end on a raw response", () => call.end(), undefined),
  });
}

function readData(call: LlmCall, data: unknown, reader: ApiCallReader): void {
  const stream = reader.stream;
  if (!stream) {
    call.end(reader.toResult(data));
    return;
  }
  const observed = observeStream(data, {
    onChunk(chunk) {
      // Inline rather than through `guard`: no closure per chunk. A content chunk also counts
      // as activity, so only a chunk without content needs the separate `touch`.
      try {
        const read = stream.add(chunk);
        if (read.hasContent) call.markContentChunk();
        else call.touch();
        return read.visible;
      } catch (error) {
        debugLog("internal error in read a chunk (swallowed):", error);
        return true;
      }
    },
    onComplete: () =>
      guard(
        "end a stream",
        () => {
          const failure = stream.failure?.();
          if (failure !== undefined) call.fail(failure, stream.result());
          else call.end(stream.result());
        },
        undefined,
      ),
    onCancel: () => guard("cancel a stream", () => call.cancel(stream.result()), undefined),
    onError: (error) => guard("fail a stream", () => call.fail(error, stream.result()), undefined),
  });
  // Not a stream after all (a compatible server ignoring `stream: true`): read it as a body.
  if (!observed) call.end(reader.toResult(data));
}
