/**
 * Server-side privacy (SPEC §4.5): with the project setting `store_content=false` every
 * content-bearing field, attribute and event is dropped at ingest, whatever the client sent.
 */
import type { SpanRecord } from "./span-record.js";

const CONTENT_ATTRIBUTE = [
  /^fallom\.raw\.(request|response|providerMetadata|metadata)$/,
  /^fallom\.(input|output)$/,
  /^(input|output)$/,
  /^gen_ai\.(input|output)\.messages$/,
  /^gen_ai\.system_instructions$/,
  /^gen_ai\.system_prompt$/,
  /^gen_ai\.(prompt|completion)(\.|$)/,
  /^gen_ai\.tool\.(definitions|call\.arguments|call\.result)$/,
  /^llm\.(input_messages|output_messages|tools|prompts)(\.|$)/,
  /^(input|output)\.value$/,
  /^(trace|span)\.(input|output)$/,
  /^ai\.prompt(\.|$)/,
  /^ai\.response\.(text|toolCalls|object|reasoning|providerMetadata)$/,
  /^ai\.toolCall\.(args|result)$/,
  /^fallom\.tool_calls$/,
];

const CONTENT_EVENT =
  /^(gen_ai\.(system|user|assistant|tool)\.message|gen_ai\.choice|gen_ai\.client\.inference\.operation\.details|gen_ai\.content\.(prompt|completion))$/;

/** True for an attribute key that carries prompt, completion, tool or template content. */
export function isContentAttribute(key: string): boolean {
  return CONTENT_ATTRIBUTE.some((pattern) => pattern.test(key));
}

/** Returns a copy of the record without any content (the record passed in is not changed). */
export function stripContent(record: SpanRecord): SpanRecord {
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record.attributes)) {
    if (!isContentAttribute(key)) attributes[key] = value;
  }
  const events = record.events.filter((event) => {
    const name = (event as { name?: unknown })?.name;
    return !(typeof name === "string" && CONTENT_EVENT.test(name));
  });
  return {
    ...record,
    input_messages: null,
    system_instructions: null,
    output_messages: null,
    tool_definitions: null,
    raw_request: null,
    raw_response: null,
    attributes,
    events,
  };
}
