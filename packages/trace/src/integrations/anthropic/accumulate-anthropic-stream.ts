/** SPEC §2.5.2 streaming: rebuilds the Message from raw stream events for the span. */
import type { LlmCallResult } from "../../record/types.js";
import { toMessageResult } from "./describe-messages-call.js";
import { mergeAnthropicUsage } from "./map-anthropic-usage.js";

type Json = Record<string, unknown>;

const CONTENT_DELTAS = new Set(["text_delta", "thinking_delta", "input_json_delta"]);

/**
 * @example
 * const accumulator = new AnthropicStreamAccumulator();
 * for await (const event of stream) if (accumulator.add(event)) call.markContentChunk();
 * call.end(accumulator.result());
 */
export class AnthropicStreamAccumulator {
  #message: Json = {};
  readonly #blocks: Json[] = [];
  /** Tool input JSON arrives as text pieces; parsed at the end. */
  readonly #partialJson = new Map<number, string>();
  #usage: Record<string, unknown> | undefined;

  /** Returns whether the event carries content (W9: a text, thinking or tool-input delta). */
  add(event: unknown): boolean {
    if (typeof event !== "object" || event === null) return false;
    const record = event as Json;
    switch (record.type) {
      case "message_start": {
        const message = asJson(record.message);
        this.#message = { ...message, content: undefined };
        this.#usage = mergeAnthropicUsage(undefined, message.usage);
        return false;
      }
      case "content_block_start": {
        const index = typeof record.index === "number" ? record.index : this.#blocks.length;
        this.#blocks[index] = { ...asJson(record.content_block) };
        return false;
      }
      case "content_block_delta":
        return this.#addDelta(record);
      case "message_delta": {
        const delta = asJson(record.delta);
        if (typeof delta.stop_reason === "string") this.#message.stop_reason = delta.stop_reason;
        if (delta.stop_sequence != null) this.#message.stop_sequence = delta.stop_sequence;
        this.#usage = mergeAnthropicUsage(this.#usage, record.usage);
        return false;
      }
      default:
        return false;
    }
  }

  result(): LlmCallResult {
    const content: Json[] = [];
    this.#blocks.forEach((block, index) => {
      const json = this.#partialJson.get(index);
      content.push(json === undefined ? block : { ...block, input: parseJsonMaybe(json) });
    });
    return toMessageResult({ ...this.#message, content, usage: this.#usage });
  }

  #addDelta(event: Json): boolean {
    const index = typeof event.index === "number" ? event.index : this.#blocks.length - 1;
    const delta = asJson(event.delta);
    const block = this.#blocks[index] ?? {};
    this.#blocks[index] = block;
    switch (delta.type) {
      case "text_delta":
        block.text = `${typeof block.text === "string" ? block.text : ""}${stringOf(delta.text)}`;
        break;
      case "thinking_delta":
        block.thinking = `${typeof block.thinking === "string" ? block.thinking : ""}${stringOf(delta.thinking)}`;
        break;
      case "input_json_delta":
        this.#partialJson.set(index, (this.#partialJson.get(index) ?? "") + stringOf(delta.partial_json));
        break;
      case "signature_delta":
        block.signature = stringOf(delta.signature);
        break;
    }
    return typeof delta.type === "string" && CONTENT_DELTAS.has(delta.type);
  }
}

function asJson(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function parseJsonMaybe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function stringOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}
