import { GEN_AI } from "../../attributes.js";
import { guard } from "../../record/guard.js";
import { startLlmCall } from "../../record/start-llm-call.js";
import type {
  LlmCall,
  LlmCallResult,
  LlmOperation,
  RequestParams,
  ScopeResolver,
} from "../../record/types.js";
import { asRecord, toCount } from "../ai-sdk/values.js";

/** What a Google wrapper knows before the request. */
export interface GoogleCallStart {
  /** Span name and method, SPEC §2.5 (`generateContent`, `chat.sendMessage`…). */
  name: string;
  operation: LlmOperation;
  /** `google`, or `vertex` for a `@google/genai` client in Vertex AI mode. */
  provider: string;
  model: string | undefined;
  serverAddress: string | undefined;
  stream: boolean;
  /** `generationConfig` (`@google/generative-ai`) or `config` (`@google/genai`). */
  config: unknown;
  /** Google `tools`: `[{functionDeclarations: [{name}]}, {googleSearch: {}}…]`. */
  tools: unknown;
  /** The raw first argument (SPEC §5.3 Google request shape); content. */
  request: unknown;
}

/** Starts the span, or undefined when the call passes through untraced. Never throws. */
export function startGoogleCall(scope: ScopeResolver, start: GoogleCallStart): LlmCall | undefined {
  return guard(
    "google",
    () =>
      startLlmCall(scope, {
        name: start.name,
        method: start.name,
        operation: start.operation,
        provider: start.provider,
        requestModel: start.model?.replace(/^models\//, ""),
        serverAddress: start.serverAddress,
        stream: start.stream,
        requestParams: toGoogleRequestParams(start.config),
        toolNames: toGoogleToolNames(start.tools),
        rawRequest: () => start.request,
      }),
    undefined,
  );
}

function toNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** SPEC §6.1 parameters from a Google generation config. */
export function toGoogleRequestParams(config: unknown): RequestParams | undefined {
  const record = asRecord(config);
  const stop = record.stopSequences;
  const params: RequestParams = {
    temperature: toNumber(record.temperature),
    topP: toNumber(record.topP),
    topK: toNumber(record.topK),
    maxTokens: toCount(record.maxOutputTokens),
    seed: toNumber(record.seed),
    stopSequences: Array.isArray(stop)
      ? stop.filter((item): item is string => typeof item === "string")
      : undefined,
    frequencyPenalty: toNumber(record.frequencyPenalty),
    presencePenalty: toNumber(record.presencePenalty),
  };
  const entries = Object.entries(params).filter(([, value]) => value !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as RequestParams);
}

/** Function names of the declared tools (never their schemas). */
export function toGoogleToolNames(tools: unknown): string[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  const names = tools.flatMap((tool) => {
    const declarations = asRecord(tool).functionDeclarations;
    return Array.isArray(declarations)
      ? declarations
          .map((declaration) => asRecord(declaration).name)
          .filter((name) => typeof name === "string")
      : [];
  }) as string[];
  return names.length > 0 ? names : undefined;
}

/** Embedding results: the vector dimension, never the vectors. */
export function toGoogleEmbeddingResult(value: unknown): LlmCallResult {
  const response = asRecord(value);
  const embeddings = Array.isArray(response.embeddings) ? response.embeddings : [response.embedding];
  const values = asRecord(embeddings[0]).values;
  return Array.isArray(values) ? { attributes: { [GEN_AI.embeddingsDimensionCount]: values.length } } : {};
}

/**
 * Runs the provider call inside its span; a synchronous throw or a rejection fails the span, and
 * the caller gets the vendor's own result or error either way.
 */
export function runGoogleCall<T>(call: LlmCall, invoke: () => Promise<T>): Promise<T> {
  let pending: Promise<T>;
  try {
    pending = call.runSync(invoke);
  } catch (error) {
    guard("google", () => call.fail(error), undefined);
    throw error;
  }
  return Promise.resolve(pending).catch((error: unknown) => {
    guard("google", () => call.fail(error), undefined);
    throw error;
  });
}

/** A non-streaming call: ends the span with `toResult(value)` when the result arrives. */
export function traceGoogleUnary<T>(
  call: LlmCall,
  invoke: () => Promise<T>,
  toResult: (value: T) => LlmCallResult,
): Promise<T> {
  return runGoogleCall(call, invoke).then((value) => {
    guard("google", () => call.end(toResult(value)), undefined);
    return value;
  });
}
