/**
 * The parts of OpenAI payloads the wrapper reads, typed structurally so one wrapper serves every
 * `openai` major (and compatible servers that add fields). Vendor types are never imported at
 * runtime.
 */

export type Json = Record<string, unknown>;

/** One choice of a chat completion, as accumulated from a body or a stream. */
export interface ChatChoiceSummary {
  index: number;
  text: string;
  refusal?: string;
  /** Reasoning text some compatible providers send (`reasoning`, `reasoning_content`). */
  reasoning?: string;
  toolCalls: Array<{ id?: string; type?: string; function: { name?: string; arguments: string } }>;
  functionCall?: { name?: string; arguments: string };
  finishReason?: string;
}

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Json {
  return isRecord(value) ? value : {};
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
