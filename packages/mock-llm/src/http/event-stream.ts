import type { MockExchange } from "./mock-exchange.js";
import { sleep } from "./sleep.js";

/** One event of a stream: SSE `event:` name (optional) and the JSON `data`. */
export interface StreamEvent {
  event?: string;
  data: unknown;
}

export interface EventStreamOptions {
  /** `sse` (default) or Gemini's JSON-array streaming without `alt=sse`. */
  framing?: "sse" | "json-array";
  /** Extra response headers (request ids…). */
  headers?: Record<string, string>;
  /** The provider's in-stream error event, sent for `x-mock-stream-error-after-chunks`. */
  failure?: () => StreamEvent;
}

/**
 * A streaming response that applies the behaviour switches: the first-byte delay, the delay between
 * events, the socket destroyed after N events, and the in-stream error after N events.
 * `send()` resolves to `false` once the stream is over (client gone, disconnect or failure): the
 * handler stops producing events then.
 *
 * @example
 * ```ts
 * const stream = await EventStream.open(exchange);
 * if (await stream.send({ type: "ping" }, "ping")) await stream.sendDone();
 * stream.end();
 * ```
 */
export class EventStream {
  readonly #exchange: MockExchange;
  readonly #options: EventStreamOptions;
  #sent = 0;
  #over = false;
  #lastFlush: Promise<void> = Promise.resolve();

  private constructor(exchange: MockExchange, options: EventStreamOptions) {
    this.#exchange = exchange;
    this.#options = options;
    exchange.response.on("close", () => {
      this.#over = true;
    });
  }

  /** Waits for `x-mock-delay-ms`, then sends the status line and headers at once. */
  static async open(exchange: MockExchange, options: EventStreamOptions = {}): Promise<EventStream> {
    const stream = new EventStream(exchange, options);
    await sleep(exchange.behaviour.delayMs);
    const { response } = exchange;
    if (response.destroyed) {
      stream.#over = true;
      return stream;
    }
    response.socket?.setNoDelay(true);
    const contentType = options.framing === "json-array" ? "application/json" : "text/event-stream";
    response.writeHead(200, {
      "content-type": `${contentType}; charset=utf-8`,
      "cache-control": "no-cache",
      connection: "keep-alive",
      ...options.headers,
    });
    response.flushHeaders();
    if (options.framing === "json-array") response.write("[");
    await stream.#afterEvent();
    return stream;
  }

  /** Whether the stream can still take events. */
  get open(): boolean {
    return !this.#over && !this.#exchange.response.destroyed;
  }

  /** Sends one event (after the chunk delay); `false` when the stream is over. */
  async send(data: unknown, event?: string): Promise<boolean> {
    if (!this.open) return false;
    const { behaviour } = this.#exchange;
    await sleep(this.#sent === 0 ? behaviour.firstChunkDelayMs : behaviour.chunkDelayMs);
    if (!this.open) return false;
    this.#write({ data, ...(event === undefined ? {} : { event }) });
    this.#sent += 1;
    return this.#afterEvent();
  }

  /** Sends an SSE comment line (OpenRouter's keep-alive); not counted as an event. */
  sendComment(text: string): void {
    if (this.open && this.#options.framing !== "json-array") this.#exchange.response.write(`: ${text}\n\n`);
  }

  /** Sends OpenAI's `data: [DONE]` terminator; not counted as an event. */
  async sendDone(): Promise<void> {
    if (!this.open) return;
    await sleep(this.#exchange.behaviour.chunkDelayMs);
    if (this.open) this.#exchange.response.write("data: [DONE]\n\n");
  }

  /** Ends the response normally (no-op once the stream is over). */
  end(): void {
    if (!this.open) return;
    this.#over = true;
    if (this.#options.framing === "json-array") this.#exchange.response.write("]");
    this.#exchange.response.end();
  }

  #write(event: StreamEvent): void {
    const json = JSON.stringify(event.data);
    const prefix = event.event === undefined ? "" : `event: ${event.event}\n`;
    const text =
      this.#options.framing === "json-array"
        ? `${this.#sent === 0 ? "" : ",\r\n"}${json}`
        : `${prefix}data: ${json}\n\n`;
    this.#lastFlush = new Promise((resolve) => {
      this.#exchange.response.write(text, () => resolve());
    });
  }

  /** Applies the disconnect and failure switches once `#sent` events are out. */
  async #afterEvent(): Promise<boolean> {
    const { behaviour, response } = this.#exchange;
    if (behaviour.disconnectAfterChunks === this.#sent) {
      this.#over = true;
      await this.#lastFlush;
      response.socket?.destroy();
      return false;
    }
    if (behaviour.malformedChunkAfterChunks === this.#sent) {
      if (this.#sent > 0) await sleep(behaviour.chunkDelayMs);
      // Framing intact, payload not JSON: what a proxy cutting a chunk in half looks like.
      const broken =
        this.#options.framing === "json-array"
          ? `${this.#sent === 0 ? "" : ",\r\n"}{"candidates": [`
          : // Named like a content event, so clients that dispatch on the SSE event name parse it too.
            'event: content_block_delta\ndata: {"type": "content_block_delta", "delta": {\n\n';
      this.#exchange.response.write(broken);
      this.#sent += 1;
      this.end();
      return false;
    }
    if (behaviour.streamErrorAfterChunks === this.#sent && this.#options.failure) {
      if (this.#sent > 0) await sleep(behaviour.chunkDelayMs);
      this.#write(this.#options.failure());
      this.#sent += 1;
      this.end();
      return false;
    }
    return true;
  }
}
