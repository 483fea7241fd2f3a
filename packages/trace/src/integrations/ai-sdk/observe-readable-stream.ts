import { guard } from "../../record/guard.js";

/** What a traced stream reports; every callback runs inside the SDK guard. */
export interface StreamObserver<T> {
  onChunk?(chunk: T): void;
  /** The source finished and the consumer read everything. */
  onClose?(): void;
  onError?(error: unknown): void;
  /** The consumer stopped early (`break`, `return()`, `cancel()`). */
  onCancel?(): void;
}

/**
 * A pass-through copy of `source` that reports chunks, completion, errors and cancellation. It is
 * pull-driven (high-water mark 0): nothing is read from the source before the consumer asks, so
 * tracing never changes when the provider's stream is consumed. The result is a plain
 * `ReadableStream`, which is also async-iterable, like the AI SDK's own streams.
 *
 * @example const traced = observeReadableStream(result.stream, { onClose: () => call.end() });
 */
export function observeReadableStream<T>(
  source: ReadableStream<T>,
  observer: StreamObserver<T>,
): ReadableStream<T> {
  const reader = source.getReader();
  return new ReadableStream<T>(
    {
      async pull(controller) {
        let step: Awaited<ReturnType<typeof reader.read>>;
        try {
          step = await reader.read();
        } catch (error) {
          guard("ai-sdk", () => observer.onError?.(error), undefined);
          controller.error(error);
          return;
        }
        if (step.done) {
          guard("ai-sdk", () => observer.onClose?.(), undefined);
          controller.close();
          return;
        }
        const chunk = step.value;
        guard("ai-sdk", () => observer.onChunk?.(chunk), undefined);
        controller.enqueue(chunk);
      },
      cancel(reason) {
        guard("ai-sdk", () => observer.onCancel?.(), undefined);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
