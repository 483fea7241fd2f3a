/** SPEC §2.5.1 Responses streaming: TTFT events, and the final data from the terminal event. */
import type { LlmCallResult } from "../../record/types.js";
import { toResponsesResult } from "./describe-responses-call.js";
import { asRecord, asString, isRecord } from "./openai-shapes.js";

const CONTENT_EVENTS = new Set([
  "response.output_text.delta",
  "response.refusal.delta",
  "response.function_call_arguments.delta",
]);

/** A `response.failed` or `error` event, recorded as the span's error (the SDK yields them as events). */
export interface ResponsesStreamFailure {
  name: string;
  message: string;
}

/**
 * @example
 * const accumulator = new ResponsesStreamAccumulator();
 * for await (const event of stream) if (accumulator.add(event)) call.markContentChunk();
 * const failure = accumulator.failure(); // then call.fail(failure, accumulator.result()) or call.end(…)
 */
export class ResponsesStreamAccumulator {
  #response: unknown;
  #failure: ResponsesStreamFailure | undefined;

  /** Returns whether the event carries content (W9). */
  add(event: unknown): boolean {
    if (!isRecord(event)) return false;
    const type = asString(event.type) ?? "";
    if (CONTENT_EVENTS.has(type) || (type.startsWith("response.reasoning") && type.endsWith(".delta"))) {
      return true;
    }
    if (isRecord(event.response)) this.#response = event.response;
    if (type === "response.failed") {
      const error = asRecord(asRecord(event.response).error);
      this.#failure = {
        name: asString(error.code) ?? "response.failed",
        message: asString(error.message) ?? "the response failed",
      };
    } else if (type === "error") {
      this.#failure = {
        name: asString(event.code) ?? "error",
        message: asString(event.message) ?? "the stream reported an error",
      };
    }
    return false;
  }

  /** Set when the stream ended with `response.failed` or `error` (`response.incomplete` is OK). */
  failure(): ResponsesStreamFailure | undefined {
    return this.#failure;
  }

  result(): LlmCallResult {
    return this.#response === undefined ? {} : toResponsesResult(this.#response);
  }
}
