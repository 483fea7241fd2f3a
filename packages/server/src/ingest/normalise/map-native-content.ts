/**
 * Content and finish reasons of a native TraceData record (SPEC §5.3, §6.2 content rows, §6.4
 * E6): the raw payloads first, then the legacy 0.1.x `gen_ai.*` attributes, then manual-span
 * `input` / `output`.
 */
import type { ParsedRawContent } from "../../domain/parse-raw-content.js";
import { toContentPart } from "../../domain/raw-content/to-content-part.js";
import { toToolCallPart } from "../../domain/raw-content/to-tool-call-part.js";
import type { Message, MessagePart, SpanRecord } from "../../domain/span-record.js";
import type { TraceData } from "../native-trace-data.js";
import {
  FALLOM_KEYS,
  GEN_AI_KEYS,
  NATIVE_KEYS,
  OPENLLMETRY_KEYS,
  OPENLLMETRY_MESSAGE_KEYS,
} from "./attribute-keys.js";
import { parseJsonOrText } from "./coerce-attribute-value.js";
import { collectIndexedAttributes, subAttributes } from "./collect-indexed-attributes.js";
import { firstAttribute, nativeText } from "./read-native-value.js";
import { toManualMessages } from "./to-manual-messages.js";

type ContentFields = Pick<
  SpanRecord,
  "input_messages" | "system_instructions" | "output_messages" | "tool_definitions"
>;

/** Manual-span content keys: the TS SDK's bare names first, then ours. */
const MANUAL_INPUT_KEYS = [NATIVE_KEYS.input, FALLOM_KEYS.input] as const;
const MANUAL_OUTPUT_KEYS = [NATIVE_KEYS.output, FALLOM_KEYS.output] as const;

/** The 0.1.x SDKs send one completion, `gen_ai.completion.0.*`. */
const LEGACY_COMPLETION_PREFIX = `${OPENLLMETRY_KEYS.completionPrefix}0.`;

/** `{i}.role`, `{i}.content`: the 0.1.x SDKs flatten one level only. */
const LEGACY_PROMPT_FIELD = /^\d+\.\w+$/;

function completionKey(subKey: string): string {
  return LEGACY_COMPLETION_PREFIX + subKey;
}

/** Legacy `gen_ai.prompt.{i}.role/content` → input messages, in index order. */
function legacyPromptMessages(attributes: Record<string, unknown>): Message[] | null {
  const flat = Object.entries(subAttributes(attributes, OPENLLMETRY_KEYS.promptPrefix)).filter(([key]) =>
    LEGACY_PROMPT_FIELD.test(key),
  );
  const groups = collectIndexedAttributes(Object.fromEntries(flat));
  const messages = groups.map((fields) => {
    const content = fields[OPENLLMETRY_MESSAGE_KEYS.content];
    return {
      role: nativeText(fields[OPENLLMETRY_MESSAGE_KEYS.role]) ?? "user",
      parts: content === undefined ? [] : [toContentPart(content)],
    };
  });
  return messages.length > 0 ? messages : null;
}

/** Legacy `gen_ai.completion.0.*` plus `fallom.tool_calls` → one output message. */
function legacyCompletionMessages(attributes: Record<string, unknown>): Message[] | null {
  const content = attributes[completionKey(OPENLLMETRY_MESSAGE_KEYS.content)];
  const parts: MessagePart[] = content === undefined || content === null ? [] : [toContentPart(content)];
  const callSources = [
    attributes[completionKey(OPENLLMETRY_MESSAGE_KEYS.toolCalls)],
    attributes[FALLOM_KEYS.toolCalls],
  ];
  for (const source of callSources) {
    const calls = parseJsonOrText(source);
    if (!Array.isArray(calls)) continue;
    for (const call of calls) {
      const part = toToolCallPart(call);
      if (part) parts.push(part);
    }
  }
  if (parts.length === 0) return null;
  const finishReason = nativeText(attributes[completionKey(OPENLLMETRY_MESSAGE_KEYS.finishReason)]);
  return [
    {
      role: nativeText(attributes[completionKey(OPENLLMETRY_MESSAGE_KEYS.role)]) ?? "assistant",
      parts,
      ...(finishReason ? { finish_reason: finishReason } : {}),
    },
  ];
}

/**
 * Content from the raw payloads, else the legacy `gen_ai.*` attributes, else manual-span
 * input/output (top level, then `attributes.input` / `fallom.input`).
 *
 * @example mapNativeContent({ …, input: { invoiceId: "INV-1" } }, {}, null).input_messages
 * // [{ role: "user", parts: [{ type: "json", content: { invoiceId: "INV-1" } }] }]
 */
export function mapNativeContent(
  td: TraceData,
  attributes: Record<string, unknown>,
  parsed: ParsedRawContent | null,
): ContentFields {
  const systemPrompt = attributes[GEN_AI_KEYS.systemPrompt];
  return {
    input_messages:
      parsed?.input_messages ??
      legacyPromptMessages(attributes) ??
      toManualMessages(td.input ?? firstAttribute(attributes, MANUAL_INPUT_KEYS), "user"),
    system_instructions:
      parsed?.system_instructions ?? (nativeText(systemPrompt) ? [toContentPart(systemPrompt)] : null),
    output_messages:
      parsed?.output_messages ??
      legacyCompletionMessages(attributes) ??
      toManualMessages(td.output ?? firstAttribute(attributes, MANUAL_OUTPUT_KEYS), "assistant"),
    tool_definitions: parsed?.tool_definitions ?? null,
  };
}

/**
 * Finish reasons from the raw response (E6), else `gen_ai.response.finish_reasons` (a list or a
 * JSON list), else the legacy single reason.
 *
 * @example toNativeFinishReasons(null, { "gen_ai.response.finish_reasons": '["stop"]' }) // ["stop"]
 */
export function toNativeFinishReasons(
  parsed: ParsedRawContent | null,
  attributes: Record<string, unknown>,
): string[] {
  if (parsed && parsed.finish_reasons.length > 0) return parsed.finish_reasons;
  const given = parseJsonOrText(attributes[GEN_AI_KEYS.responseFinishReasons]);
  if (Array.isArray(given)) return given.filter((reason): reason is string => typeof reason === "string");
  const legacy =
    nativeText(given) ?? nativeText(attributes[completionKey(OPENLLMETRY_MESSAGE_KEYS.finishReason)]);
  return legacy ? [legacy] : [];
}
