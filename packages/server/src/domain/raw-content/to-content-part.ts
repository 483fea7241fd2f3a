/**
 * Parts for values that are not one of the known block types: whole content values and unknown blocks.
 */

import type { Json } from "../json-value.js";
import type { MessagePart } from "../span-record.js";

/**
 * A content value as one part: a string becomes a `text` part, anything else a `json` part holding
 * the value (an OTel GenAI generic part), so structured manual-span input and `generateObject`
 * output keep their structure.
 *
 * @example toContentPart({ invoiceId: "INV-1" }) // { type: "json", content: { invoiceId: "INV-1" } }
 */
export function toContentPart(value: unknown): MessagePart {
  return typeof value === "string" ? { type: "text", content: value } : { type: "json", content: value };
}

/**
 * Unknown blocks are kept whole, so nothing the producer sent is lost: a typed block as it is,
 * an untyped one inside a `json` part.
 *
 * @example toGenericPart({ type: "web_search_result", url: "…" }) // the same block
 */
export function toGenericPart(block: Json): MessagePart {
  return typeof block.type === "string" ? ({ ...block } as MessagePart) : { type: "json", content: block };
}
