/**
 * Tool definitions of a raw request (SPEC §6.2 "tools in the raw request").
 */
import { asRecord, isRecord } from "../json-value.js";

/**
 * `tools` as given; a Vercel tool record (`{name: definition}`) becomes a list with the names.
 * null when there are none.
 *
 * @example toToolDefinitions({ search: { description: "…" } }) // [{ name: "search", description: "…" }]
 */
export function toToolDefinitions(tools: unknown): unknown[] | null {
  if (Array.isArray(tools)) return tools.length > 0 ? tools : null;
  if (isRecord(tools) && Object.keys(tools).length > 0) {
    return Object.entries(tools).map(([name, definition]) => ({ name, ...asRecord(definition) }));
  }
  return null;
}
