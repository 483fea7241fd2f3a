/** `wrapTraced` (SPEC §2.6): a function whose every call is a manual span. */
import type { FallomSession } from "../session.js";
import type { SpanOptions } from "./fallom-span.js";

/**
 * Wraps `fn` so each call runs inside a span named `name`: records `fallom.input` (the single
 * argument, or the argument array) and `fallom.output` when content capture is on, marks and
 * re-throws errors, and ends the span. Wrapped LLM calls inside become its children.
 *
 * @example
 * const answer = wrapTraced(session, "answer", async (question: string) => llm(question));
 * await answer("What is OTLP?");
 */
export function wrapTraced<Args extends unknown[], R>(
  session: FallomSession,
  name: string,
  fn: (...args: Args) => R | Promise<R>,
  options?: SpanOptions,
): (...args: Args) => Promise<Awaited<R>> {
  return async (...args: Args): Promise<Awaited<R>> => {
    const span = session.span(name, options);
    span.set({ input: args.length === 1 ? args[0] : args });
    try {
      const result = await span.run(() => fn(...args));
      span.set({ output: result });
      return result;
    } catch (error) {
      span.setError(error);
      throw error;
    } finally {
      span.end();
    }
  };
}
