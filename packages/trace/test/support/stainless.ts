/**
 * Helpers for the OpenAI and Anthropic wrapper tests: run the same call through an unwrapped and a
 * wrapped client and compare what the caller sees, minus the values the mock makes unique per
 * request (ids, timestamps).
 */

/** What a caller observed: a value, chunks read from a stream, and the error it got (if any). */
export interface Outcome {
  value?: unknown;
  chunks?: unknown[];
  error?: { className: string; status?: unknown; message: string };
  /** The error object itself, to check its identity against what the vendor threw. */
  rawError?: unknown;
}

const VOLATILE_KEYS = new Set([
  "id",
  "created",
  "created_at",
  "_request_id",
  "item_id",
  "call_id",
  "tool_call_id",
  "response_id",
  "completed_at",
]);

/** A deep copy with every per-request value (ids, timestamps) replaced by a marker. */
export function normalise(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value ?? null, (key, item) => {
      if (VOLATILE_KEYS.has(key)) return item === null ? null : "<volatile>";
      if (typeof item === "string")
        return item.replace(/(msg|chatcmpl|resp|toolu|call|fc|rs|req)_?-?mock\w*/g, "<id>");
      return item;
    }),
  );
}

function describeCaught(error: unknown): Outcome["error"] {
  const record = error as { constructor?: { name?: string }; status?: unknown; message?: unknown };
  return {
    className: record?.constructor?.name ?? typeof error,
    status: record?.status,
    message: normalise(typeof record?.message === "string" ? record.message : String(error)) as string,
  };
}

/** Awaits `run()` and records the value or the error. */
export async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: normalise(await run()) };
  } catch (error) {
    return { error: describeCaught(error), rawError: error };
  }
}

/** Opens a stream with `open()` and reads it (stopping after `breakAfter` chunks when given). */
export async function streamOutcomeOf(
  open: () => Promise<AsyncIterable<unknown>>,
  breakAfter?: number,
): Promise<Outcome> {
  const chunks: unknown[] = [];
  try {
    const stream = await open();
    for await (const chunk of stream) {
      chunks.push(normalise(chunk));
      if (breakAfter !== undefined && chunks.length >= breakAfter) break;
    }
    return { chunks };
  } catch (error) {
    return { chunks, error: describeCaught(error), rawError: error };
  }
}

/** Outcomes compared without the raw error objects (those differ per request by nature). */
export function comparable(outcome: Outcome): Omit<Outcome, "rawError"> {
  const { rawError: _rawError, ...rest } = outcome;
  return rest;
}

let sequence = 0;
/** A session id unique within this process. */
export function uniqueSessionId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}-${Date.now()}`;
}
