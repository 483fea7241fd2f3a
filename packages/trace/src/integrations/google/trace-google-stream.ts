import { guard } from "../../record/guard.js";
import type { LlmCall } from "../../record/types.js";
import { type GoogleStreamAccumulator, hasGoogleContent, toGoogleResult } from "./read-google-response.js";

/**
 * A pass-through copy of a Google chunk iterator: records TTFT on the first chunk with content,
 * keeps the last usage, and ends the span when the stream completes, fails, or the consumer stops
 * early (`break` / `return()`: status OK with `fallom.stream.cancelled`). With `endOnCompletion`
 * false the span is left to another signal (`@google/generative-ai`'s `response` promise).
 *
 * @example for await (const chunk of traceGoogleChunks(stream, call, accumulator, true)) …
 */
export async function* traceGoogleChunks<T>(
  chunks: AsyncIterable<T>,
  call: LlmCall,
  accumulator: GoogleStreamAccumulator,
  endOnCompletion: boolean,
): AsyncGenerator<T, void, undefined> {
  let settled = false;
  try {
    for await (const chunk of chunks) {
      guard(
        "google",
        () => {
          accumulator.add(chunk);
          if (hasGoogleContent(chunk)) call.markContentChunk();
          call.touch();
        },
        undefined,
      );
      yield chunk;
    }
    settled = true;
    if (endOnCompletion) guard("google", () => endGoogleStream(call, accumulator, undefined), undefined);
  } catch (error) {
    settled = true;
    guard("google", () => call.fail(error, toGoogleResult(accumulator.toResponse())), undefined);
    throw error;
  } finally {
    if (!settled) guard("google", () => call.cancel(toGoogleResult(accumulator.toResponse())), undefined);
  }
}

/** Ends a stream's span: failed when the stream carried an error chunk, else OK. */
export function endGoogleStream(
  call: LlmCall,
  accumulator: GoogleStreamAccumulator,
  response: unknown,
): void {
  const result = toGoogleResult(response ?? accumulator.toResponse());
  if (accumulator.streamError) call.fail(accumulator.streamError, result);
  else call.end(result);
}
