/**
 * Our span processor and its transport loop (SPEC §5.7): a bounded queue that drops (and counts)
 * the newest span when full, a batch every 1,000 ms or at 512 spans, one export in flight,
 * retries with backoff, and spans put back at the head of the queue when a retryable failure
 * outlasts the attempts, so an outage loses nothing while the queue has room.
 */
import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { ResolvedConfig } from "../config.js";
import { debugLog, warnRateLimited } from "../log.js";
import { type PostResult, postSpans } from "./post-spans.js";
import { retryDelayMs } from "./retry-delay.js";

export const MAX_QUEUE_SIZE = 2048;
export const MAX_BATCH_SIZE = 512;
export const EXPORT_INTERVAL_MS = 1000;
export const MAX_ATTEMPTS = 5;
/** How long a `waitUntil` promise in immediate mode may keep a serverless function alive. */
const IMMEDIATE_WAIT_MS = 30_000;

/** Counters for monitoring and the memory benchmark. */
export interface ExportStats {
  /** Spans waiting in the queue now. */
  queued: number;
  /** Spans the server accepted. */
  exported: number;
  /** Spans dropped before export: queue full, too large (413), or ended after shutdown. */
  dropped: number;
  /** Spans the server rejected without retry (401, other 4xx/5xx, partial success). */
  failed: number;
  /** Attempts repeated after a retryable failure. */
  retries: number;
}

export class ExportProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private draining = 0;
  private stopped = false;
  private readonly counters = { exported: 0, dropped: 0, failed: 0, retries: 0 };
  private ended = 0;

  constructor(
    private readonly config: Pick<ResolvedConfig, "tracesUrl" | "apiKey" | "exportMode" | "waitUntil">,
  ) {}

  get stats(): ExportStats {
    return { queued: this.queue.length, ...this.counters };
  }

  /** Spans waiting or being sent (the `beforeExit` hook flushes only when there is work). */
  get hasPendingWork(): boolean {
    return this.queue.length > 0 || this.inFlight !== undefined;
  }

  /** Spans handed to this processor so far (tells the exit hook whether anything new arrived). */
  get endedCount(): number {
    return this.ended;
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    this.ended++;
    if (this.stopped) {
      this.counters.dropped++;
      return;
    }
    if (this.queue.length >= MAX_QUEUE_SIZE) {
      this.counters.dropped++;
      warnRateLimited("queue-full", `export queue full (${MAX_QUEUE_SIZE} spans): dropping new spans`);
      return;
    }
    this.queue.push(span);
    if (this.config.exportMode === "immediate") {
      if (this.config.waitUntil) this.handToWaitUntil(this.flush(IMMEDIATE_WAIT_MS));
      else this.kick();
    } else if (this.queue.length >= MAX_BATCH_SIZE) {
      this.kick();
    } else {
      this.scheduleTick();
    }
  }

  /**
   * Exports everything queued and awaits in-flight exports. Resolves true when drained, false
   * when `timeoutMs` passed first. While it waits, a referenced timer keeps the process alive.
   */
  async flush(timeoutMs = 5000): Promise<boolean> {
    this.draining++;
    let timeout: NodeJS.Timeout | undefined;
    const wait = { over: false };
    try {
      const timedOut = new Promise<false>((resolve) => {
        timeout = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
      });
      return await Promise.race([this.whenDrained(wait), timedOut]);
    } finally {
      wait.over = true;
      if (timeout) clearTimeout(timeout);
      this.draining--;
      if (this.draining === 0 && this.queue.length > 0 && !this.inFlight) this.scheduleTick();
    }
  }

  forceFlush(): Promise<void> {
    return this.flush().then(() => undefined);
  }

  /** Stops accepting spans and timers; spans still queued are counted as dropped. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.counters.dropped += this.queue.length;
    this.queue = [];
  }

  private async whenDrained(wait: { over: boolean }): Promise<boolean> {
    for (;;) {
      if (wait.over || this.stopped) return this.queue.length === 0 && !this.inFlight;
      if (this.inFlight) await this.inFlight;
      else if (this.queue.length === 0) return true;
      else this.kick();
    }
  }

  private scheduleTick(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, EXPORT_INTERVAL_MS);
    this.timer.unref();
  }

  /** Starts the export loop unless one is in flight (there is only ever one). */
  private kick(): void {
    if (this.inFlight || this.queue.length === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const loop = this.exportLoop().finally(() => {
      this.inFlight = undefined;
      // A flush in progress restarts the loop itself; otherwise the next tick does (after a
      // put-back this is the pause that keeps an outage from becoming a busy loop).
      if (this.queue.length > 0 && !this.stopped && this.draining === 0) this.scheduleTick();
    });
    this.inFlight = loop;
    if (this.config.waitUntil && this.config.exportMode === "batch") this.handToWaitUntil(loop);
  }

  private async exportLoop(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const batch = this.queue.splice(0, MAX_BATCH_SIZE);
      const delivered = await this.exportBatch(batch, true);
      if (!delivered) return; // put back after a long outage: wait for the next tick
      const keepGoing =
        this.draining > 0 || this.config.exportMode === "immediate" || this.queue.length >= MAX_BATCH_SIZE;
      if (!keepGoing) return;
    }
  }

  /** Sends one batch with retries. Returns false when it was put back for a later attempt. */
  private async exportBatch(batch: ReadableSpan[], maySplit: boolean): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const result = await postSpans(batch, this.config);
      if (result.kind !== "retryable") {
        await this.settle(batch, result, maySplit);
        return true;
      }
      debugLog(
        `export of ${batch.length} spans failed (attempt ${attempt}/${MAX_ATTEMPTS}): ${result.message}`,
      );
      if (attempt >= MAX_ATTEMPTS || this.stopped) break;
      this.counters.retries++;
      await sleepUnref(retryDelayMs(attempt - 1, result.retryAfterMs));
    }
    this.putBack(batch);
    return false;
  }

  private async settle(
    batch: ReadableSpan[],
    result: Exclude<PostResult, { kind: "retryable" }>,
    maySplit: boolean,
  ) {
    switch (result.kind) {
      case "ok":
        this.counters.exported += batch.length;
        debugLog(`exported ${batch.length} spans (HTTP ${result.status})`);
        return;
      case "partial":
        this.counters.exported += Math.max(0, batch.length - result.rejected);
        this.counters.failed += Math.min(batch.length, result.rejected);
        debugLog(`server rejected ${result.rejected} of ${batch.length} spans: ${result.message}`);
        return;
      case "unauthorized":
        this.counters.failed += batch.length;
        warnRateLimited(
          "unauthorized",
          "the trace server rejected the API key (HTTP 401): spans are not stored",
        );
        return;
      case "too-large":
        if (batch.length > 1 && maySplit) {
          debugLog(`batch of ${batch.length} spans too large (HTTP 413): splitting in half`);
          const half = Math.ceil(batch.length / 2);
          await this.exportBatch(batch.slice(0, half), false);
          await this.exportBatch(batch.slice(half), false);
          return;
        }
        this.counters.dropped += batch.length;
        debugLog(`dropped ${batch.length} span(s): too large for the server (HTTP 413)`);
        return;
      case "rejected":
        this.counters.failed += batch.length;
        debugLog(`export of ${batch.length} spans rejected, not retried: ${result.message}`);
        return;
    }
  }

  /** Back at the head of the queue, still bounded: the newest spans beyond the bound are dropped. */
  private putBack(batch: ReadableSpan[]): void {
    if (this.stopped) {
      this.counters.dropped += batch.length;
      return;
    }
    this.queue = batch.concat(this.queue);
    const overflow = this.queue.length - MAX_QUEUE_SIZE;
    if (overflow > 0) {
      this.queue.length = MAX_QUEUE_SIZE;
      this.counters.dropped += overflow;
      warnRateLimited("queue-full", `export queue full (${MAX_QUEUE_SIZE} spans): dropping new spans`);
    }
    debugLog(`export failed ${MAX_ATTEMPTS} times: ${batch.length} spans kept for the next attempt`);
  }

  private handToWaitUntil(promise: Promise<unknown>): void {
    try {
      this.config.waitUntil?.(promise.catch(() => undefined));
    } catch (error) {
      debugLog("waitUntil threw (ignored):", error);
    }
  }
}

function sleepUnref(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
