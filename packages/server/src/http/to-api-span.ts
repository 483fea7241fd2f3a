/**
 * Renders a stored record as the public API's call record (SPEC §4.1, §5.8): µs timestamps as
 * ISO-8601 strings with µs precision, media references as URLs, content only when asked for, and
 * the `gen_ai.prompt.{i}.*` / `gen_ai.completion.0.content` compatibility attributes.
 */
import type { Message, SpanRecord } from "../domain/span-record.js";
import { renderMediaUrls } from "../media/render-media-urls.js";

const INTERNAL_FIELDS = ["reported_cost_usd", "reported_input_cost_usd", "reported_output_cost_usd"] as const;
const CONTENT_FIELDS = [
  "input_messages",
  "system_instructions",
  "output_messages",
  "tool_definitions",
  "raw_request",
  "raw_response",
] as const;

/** 1_700_000_000_123_456 µs → "2023-11-14T22:13:20.123456Z". */
export function microsToIso(micros: number | null): string | null {
  if (micros === null) return null;
  const ms = Math.floor(micros / 1000);
  const rest = String(Math.trunc(micros - ms * 1000)).padStart(3, "0");
  return new Date(ms).toISOString().replace("Z", `${rest}Z`);
}

function messageText(message: Message): string {
  return message.parts
    .map((part) => (part.type === "text" && typeof part.content === "string" ? part.content : ""))
    .filter((text) => text !== "")
    .join("\n");
}

function compatibilityAttributes(record: SpanRecord): Record<string, string> {
  const out: Record<string, string> = {};
  const prompt: Message[] = [];
  if (record.system_instructions?.length) {
    prompt.push({ role: "system", parts: record.system_instructions });
  }
  prompt.push(...(record.input_messages ?? []));
  prompt.forEach((message, i) => {
    out[`gen_ai.prompt.${i}.role`] = message.role;
    out[`gen_ai.prompt.${i}.content`] = messageText(message);
  });
  const first = record.output_messages?.[0];
  if (first) {
    out["gen_ai.completion.0.role"] = first.role;
    out["gen_ai.completion.0.content"] = messageText(first);
  }
  return out;
}

export function toApiSpan(record: SpanRecord, options: { includeContent: boolean; origin: string }) {
  const out: Record<string, unknown> = { ...record };
  for (const field of INTERNAL_FIELDS) delete out[field];
  out.start_time = microsToIso(record.start_time);
  out.end_time = microsToIso(record.end_time);
  if (!options.includeContent) {
    for (const field of CONTENT_FIELDS) delete out[field];
    return out;
  }
  for (const field of CONTENT_FIELDS) out[field] = renderMediaUrls(record[field], options.origin);
  out.attributes = { ...compatibilityAttributes(record), ...record.attributes };
  return out;
}
