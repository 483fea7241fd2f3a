/**
 * Random ids, plus a one-shot slot so a manual span can join a trace the caller names
 * (`session.span(name, {traceId})`) without a parent span id.
 */
import { type IdGenerator, RandomIdGenerator } from "@opentelemetry/sdk-trace-base";

export class FallomIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  private forcedTraceId: string | undefined;

  /** The next root span started synchronously after this call gets `traceId`. */
  forceNextTraceId(traceId: string | undefined): void {
    this.forcedTraceId = traceId;
  }

  generateTraceId(): string {
    const forced = this.forcedTraceId;
    if (forced !== undefined) {
      this.forcedTraceId = undefined;
      return forced;
    }
    return this.random.generateTraceId();
  }

  generateSpanId(): string {
    return this.random.generateSpanId();
  }
}
