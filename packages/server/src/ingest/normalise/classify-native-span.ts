/**
 * Kind, operation and streaming of a native TraceData record (SPEC §5.3 `kind`, §6.3), which the
 * original SDKs tell by the wrapper method when they don't send them.
 */
import type { SpanKind } from "../../domain/span-record.js";

const KINDS = new Set<SpanKind>([
  "llm",
  "embedding",
  "tool",
  "retrieval",
  "agent",
  "chain",
  "custom",
  "preprocessing",
  "postprocessing",
]);

const EMBEDDING_METHOD = /embed/;
const GOOGLE_METHOD = /generatecontent|sendmessage/;
const ANTHROPIC_METHOD = /(^|\.)messages\.(create|stream)$/;
/** `streamText`, `streamObject`, `messages.stream`, `generateContentStream`, `sendMessageStream`, `doStream`. */
const STREAMING_METHOD = /stream/;

/** Method names compared case-blind and without `_` (`generate_content` = `generateContent`). */
function methodKey(method: string | null): string {
  return (method ?? "").toLowerCase().replaceAll("_", "");
}

export interface NativeClassification {
  kind: SpanKind;
  /** Operation of an LLM or embedding span (SPEC §2.5 span names); null for other kinds. */
  operation: string | null;
  isModelCall: boolean;
}

/**
 * `kind` as sent (`retriever` → `retrieval`), else `llm` / `embedding` when a model is present,
 * else `custom`; the operation as sent, else from the method.
 *
 * @example classifyNativeSpan({ kind: null, model: "gemini-2.5-flash", method: "generateContent", operation: null })
 * // { kind: "llm", operation: "generate_content", isModelCall: true }
 */
export function classifyNativeSpan(given: {
  kind: string | null;
  model: string | null;
  method: string | null;
  operation: string | null;
}): NativeClassification {
  const kind = toKind(given.kind, given.model, given.method);
  const isModelCall = kind === "llm" || kind === "embedding";
  return {
    kind,
    operation: isModelCall ? toOperation(kind, given.method, given.operation) : null,
    isModelCall,
  };
}

function toKind(given: string | null, model: string | null, method: string | null): SpanKind {
  const kind = given?.toLowerCase();
  if (kind === "retriever") return "retrieval";
  if (kind && KINDS.has(kind as SpanKind)) return kind as SpanKind;
  if (!model) return "custom";
  return EMBEDDING_METHOD.test(methodKey(method)) ? "embedding" : "llm";
}

function toOperation(kind: SpanKind, method: string | null, given: string | null): string {
  if (given) return given;
  const key = methodKey(method);
  if (kind === "embedding" || EMBEDDING_METHOD.test(key)) return "embeddings";
  return GOOGLE_METHOD.test(key) ? "generate_content" : "chat";
}

/**
 * A streaming wrapper method (used only when no stream flag was sent, SPEC §6.4 E2).
 *
 * @example isStreamingMethod("messages.stream") // true
 */
export function isStreamingMethod(method: string | null): boolean {
  return STREAMING_METHOD.test(methodKey(method));
}

/**
 * When neither a provider value nor the model id tells, the wrapper method still can.
 *
 * @example providerFromMethod("messages.create") // "anthropic"
 */
export function providerFromMethod(method: string | null): string | null {
  const key = methodKey(method);
  if (ANTHROPIC_METHOD.test(key)) return "anthropic";
  return GOOGLE_METHOD.test(key) ? "google" : null;
}
