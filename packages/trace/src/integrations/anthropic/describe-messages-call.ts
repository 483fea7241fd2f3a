/** `messages.create` / `messages.stream`: what the span records at the start and from a Message. */
import type { LlmCallResult, LlmCallStart, RequestParams } from "../../record/types.js";
import { mapAnthropicUsage } from "./map-anthropic-usage.js";

type Json = Record<string, unknown>;

/** Where the wrapped client sends requests. */
export interface AnthropicClientInfo {
  host: string;
}

/**
 * @example describeMessagesStart("messages.create", { model: "claude-sonnet-4-20250514", max_tokens: 1024, messages }, info)
 */
export function describeMessagesStart(name: string, params: Json, client: AnthropicClientInfo): LlmCallStart {
  return {
    name,
    method: name,
    operation: "chat",
    provider: "anthropic",
    requestModel: typeof params.model === "string" ? params.model : undefined,
    serverAddress: client.host,
    stream: name === "messages.stream" || params.stream === true,
    requestParams: toRequestParams(params),
    toolNames: toToolNames(params.tools),
    rawRequest: () => ({
      messages: params.messages,
      system: params.system,
      model: params.model,
      tools: params.tools,
      tool_choice: params.tool_choice,
    }),
  };
}

/**
 * The span result of a Message (a body, or the one a stream accumulated). Tool-call arguments
 * appear only inside the gated `rawResponse`.
 *
 * @example toMessageResult(await anthropic.messages.create(params)).usage?.inputTokens
 */
export function toMessageResult(body: unknown): LlmCallResult {
  const message = typeof body === "object" && body !== null ? (body as Json) : {};
  const content = Array.isArray(message.content) ? (message.content as unknown[]) : [];
  const responseId = typeof message.id === "string" ? message.id : undefined;
  const model = typeof message.model === "string" ? message.model : undefined;
  const stopReason = typeof message.stop_reason === "string" ? message.stop_reason : undefined;
  return {
    responseId,
    responseModel: model,
    finishReasons: stopReason ? [stopReason] : undefined,
    usage: mapAnthropicUsage(message.usage),
    rawUsage: message.usage ?? undefined,
    rawResponse: () => ({
      text: content
        .filter((block): block is Json => isBlock(block, "text"))
        .map((block) => block.text)
        .join(""),
      finishReason: stopReason,
      responseId,
      model,
      toolCalls: content
        .filter((block): block is Json => isBlock(block, "tool_use"))
        .map((block) => ({ id: block.id, name: block.name, arguments: block.input })),
      content,
    }),
  };
}

/** The service host of the client (`server.address`). */
export function readAnthropicClientInfo(client: object): AnthropicClientInfo {
  try {
    const baseUrl = (client as { baseURL?: unknown }).baseURL;
    if (typeof baseUrl === "string") return { host: new URL(baseUrl).hostname };
  } catch {
    // An unreadable base URL is the default endpoint.
  }
  return { host: "api.anthropic.com" };
}

function toRequestParams(params: Json): RequestParams {
  const result: RequestParams = {};
  if (typeof params.temperature === "number") result.temperature = params.temperature;
  if (typeof params.top_p === "number") result.topP = params.top_p;
  if (typeof params.top_k === "number") result.topK = params.top_k;
  if (typeof params.max_tokens === "number") result.maxTokens = params.max_tokens;
  if (Array.isArray(params.stop_sequences)) {
    result.stopSequences = params.stop_sequences.filter((item): item is string => typeof item === "string");
  }
  return result;
}

function toToolNames(tools: unknown): string[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  const names = tools.flatMap((tool) => {
    if (typeof tool !== "object" || tool === null) return [];
    const { name, type } = tool as Json;
    return typeof name === "string" ? [name] : typeof type === "string" ? [type] : [];
  });
  return names.length > 0 ? names : undefined;
}

function isBlock(block: unknown, type: string): boolean {
  return typeof block === "object" && block !== null && (block as Json).type === type;
}
