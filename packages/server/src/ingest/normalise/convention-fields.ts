/**
 * What one convention mapper found on a span. Every field is optional: a mapper only fills what
 * its convention defines, and `normaliseOtlpSpan` picks per field the first mapper that has a
 * value, in the SPEC §6.2 row order.
 */
import type { Message, MessagePart, MetadataValue, SpanKind, TokenUsage } from "../../domain/span-record.js";

export interface ReportedCost {
  total: number;
  input: number | null;
  output: number | null;
}

export interface InputContent {
  messages: Message[] | null;
  system: MessagePart[] | null;
}

/** How a convention classifies the span (SPEC §6.3, §6.4 E8). */
export interface SpanClassification {
  kind: SpanKind;
  isAggregate: boolean;
}

export interface ConventionFields {
  configKey?: string;
  sessionId?: string;
  customerId?: string;
  tags?: string[];
  metadata?: Record<string, MetadataValue>;
  promptKey?: string;
  promptVersion?: number;
  promptAbTestKey?: string;
  promptVariantIndex?: number;
  classification?: SpanClassification;
  operation?: string;
  /** Raw provider value; canonicalised once by the caller. */
  provider?: string;
  upstreamProvider?: string;
  requestModel?: string;
  responseModel?: string;
  responseId?: string;
  finishReasons?: string[];
  tokens?: Partial<TokenUsage>;
  reportedCost?: ReportedCost;
  timeToFirstTokenMs?: number;
  isStreaming?: boolean;
  input?: InputContent;
  output?: Message[];
  /** Lowest-priority content (`trace.input`, OpenInference `input.value`), after every other source. */
  inputFallback?: InputContent;
  outputFallback?: Message[];
  toolDefinitions?: unknown[];
  requestParams?: Record<string, unknown>;
}
