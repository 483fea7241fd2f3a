/**
 * The contract between the integrations (`src/integrations/*`) and the recorder
 * (`src/record/*`). Integrations know their vendor's shapes; the recorder knows sessions, spans,
 * parenting, content capture and export. An integration never touches OpenTelemetry directly.
 */
import type { AttributeValue } from "@opentelemetry/api";

/** SPEC §2.3. */
export interface SessionContext {
  configKey: string;
  sessionId: string;
  customerId?: string;
  metadata?: Record<string, string | number | boolean>;
  tags?: string[];
}

/** SPEC §8.4: which prompt (and A/B variant) the next traced calls of a scope used. */
export interface PromptLink {
  promptKey: string;
  promptVersion: number;
  abTestKey?: string;
  variantIndex?: number;
}

/** SPEC §7.5: the model variant the session was assigned. */
export interface ModelAssignment {
  configKey: string;
  configVersion: number;
  variantIndex?: number;
}

/** Who is calling: resolved at call time (W2; the legacy shims read an async-context session). */
export interface CallScope {
  context: SessionContext;
  /** The session's own override (`session({captureContent})`); undefined = the init setting. */
  captureContent?: boolean;
  prompt?: PromptLink;
  modelAssignment?: ModelAssignment;
}

/** Returns undefined when there is no session to attribute the call to (the call is untraced). */
export type ScopeResolver = () => CallScope | undefined;

/** Normalised per SPEC §4.2: input includes cache read + write; output includes reasoning. */
export interface NormalisedUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  totalTokens?: number;
}

/** SPEC §6.1 request parameters; the recorder maps them to `gen_ai.request.*`. */
export interface RequestParams {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  seed?: number;
  stopSequences?: string[];
  frequencyPenalty?: number;
  presencePenalty?: number;
}

export type LlmOperation = "chat" | "embeddings" | "generate_content" | "text_completion";

export interface LlmCallStart {
  /** Span name, SPEC §2.5 (e.g. `chat.completions.create`). */
  name: string;
  /** `fallom.method`; usually equal to `name`. */
  method: string;
  operation: LlmOperation;
  /** Canonical provider (SPEC §4.1), e.g. `openai`, `openrouter`, `local`. */
  provider: string;
  /** The unnormalised provider string when it differs (`fallom.provider_raw`). */
  providerRaw?: string;
  requestModel?: string;
  /** Host of the provider's base URL (`server.address`). */
  serverAddress?: string;
  stream: boolean;
  requestParams?: RequestParams;
  /** Tool names only (never schemas); always sent. */
  toolNames?: string[];
  /**
   * The `fallom.raw.request` payload (SPEC §5.3 shapes). A function so that nothing is built
   * when capture is off; the recorder calls it at most once, only when content is captured.
   */
  rawRequest?: () => unknown;
  /** Extra non-content attributes (keys from `attributes.ts`). */
  attributes?: Record<string, AttributeValue | undefined>;
}

export interface LlmCallResult {
  responseId?: string;
  responseModel?: string;
  finishReasons?: string[];
  usage?: NormalisedUsage;
  /** The provider's usage object as received (`fallom.raw.usage`, always sent: no content). */
  rawUsage?: unknown;
  /** The `fallom.raw.response` payload (SPEC §5.3); called only when content is captured. */
  rawResponse?: () => unknown;
  /** Provider-reported cost in USD (OpenRouter), `fallom.cost.reported_usd`. */
  reportedCostUsd?: number;
  /** Extra non-content attributes (e.g. `system_fingerprint`). */
  attributes?: Record<string, AttributeValue | undefined>;
}

/** One traced provider request. Every method is safe to call in any order, any number of times. */
export interface LlmCall {
  /** Whether content will be exported for this call (integrations may skip building payloads). */
  readonly captureContent: boolean;
  readonly ended: boolean;
  /** Runs `fn` with this call active on the async path (W4 pass-through, tool-span parenting). */
  run<T>(fn: () => T): T;
  /**
   * Runs `fn` with this call active only during its synchronous execution: W4 for a provider
   * SDK's own method, without switching on process-wide async context tracking (see
   * `runWithSyncActiveSpan`). Use `run` when `fn` may reach other wrapped code after an await.
   */
  runSync<T>(fn: () => T): T;
  /** W9: call for every chunk that carries content; the first call records TTFT. */
  markContentChunk(): void;
  /** Call for every chunk; restarts the 10-minute abandoned-stream timer (W5). */
  touch(): void;
  setAttributes(attributes: Record<string, AttributeValue | undefined>): void;
  /** Status OK; ends the span once (later calls are ignored). */
  end(result?: LlmCallResult): void;
  /** The consumer stopped early (break, return(), abort, cancel): OK + `fallom.stream.cancelled`. */
  cancel(result?: LlmCallResult): void;
  /** Status ERROR, `error.type` = the error's class name or HTTP status, message ≤ 2,000 chars (W6). */
  fail(error: unknown, partial?: LlmCallResult): void;
}

export interface ToolCallStart {
  toolName: string;
  toolCallId?: string;
  /** `gen_ai.tool.call.arguments`, called only when content is captured. */
  arguments?: () => unknown;
}

/** A tool execution: a child span of the active LLM call or manual span (SPEC §2.5.4). */
export interface ToolCall {
  run<T>(fn: () => T): T;
  /** `gen_ai.tool.call.result` is called only when content is captured. */
  end(result?: () => unknown): void;
  fail(error: unknown): void;
}
