/**
 * `@google/generative-ai` (SPEC §2.5.3): a traced view of a `GenerativeModel`, and of the
 * `ChatSession` its `startChat()` returns (chat methods bypass `model.generateContent`).
 */
import type { ChatSession, GenerativeModel } from "@google/generative-ai";
import { guard } from "../../record/guard.js";
import type { LlmCall, LlmOperation, ScopeResolver } from "../../record/types.js";
import { createView } from "../ai-sdk/create-view.js";
import { asRecord, isRecord } from "../ai-sdk/values.js";
import { GoogleStreamAccumulator, toGoogleResult } from "./read-google-response.js";
import {
  runGoogleCall,
  startGoogleCall,
  toGoogleEmbeddingResult,
  traceGoogleUnary,
} from "./start-google-call.js";
import { endGoogleStream, traceGoogleChunks } from "./trace-google-stream.js";

type Method = (...args: unknown[]) => Promise<unknown>;

const DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";

/** What the spans of one model or chat share. */
interface ModelSettings {
  model: string;
  generationConfig: unknown;
  tools: unknown;
  baseUrl: unknown;
}

/**
 * @example const gemini = wrapGenerativeModel(genAI.getGenerativeModel({ model: "gemini-1.5-flash" }), scope);
 */
export function wrapGenerativeModel<T extends object>(model: T, scope: ScopeResolver): T {
  const target = model as unknown as GenerativeModel;
  const fields = model as unknown as Record<string, unknown>;
  const settings = (): ModelSettings => ({
    model: target.model,
    generationConfig: target.generationConfig,
    tools: target.tools,
    // `_requestOptions` is private in the typings but is where the model keeps its base URL.
    baseUrl: asRecord(fields._requestOptions).baseUrl,
  });
  const original = (name: string) => (fields[name] as Method).bind(model);
  return createView(model, {
    generateContent: traceUnary(
      original("generateContent"),
      scope,
      settings,
      "generateContent",
      "generate_content",
    ),
    generateContentStream: traceStream(
      original("generateContentStream"),
      scope,
      settings,
      "generateContentStream",
    ),
    embedContent: traceUnary(original("embedContent"), scope, settings, "embedContent", "embeddings"),
    batchEmbedContents: traceUnary(
      original("batchEmbedContents"),
      scope,
      settings,
      "batchEmbedContents",
      "embeddings",
    ),
    startChat: (...args: unknown[]) => {
      const chat = (target.startChat as (...a: unknown[]) => ChatSession)(...args);
      return guard("google", () => wrapChatSession(chat, scope, asRecord(args[0]), settings()), chat);
    },
  });
}

function wrapChatSession(
  chat: ChatSession,
  scope: ScopeResolver,
  params: Record<string, unknown>,
  model: ModelSettings,
) {
  const settings = (): ModelSettings => ({
    model: chat.model,
    generationConfig: params.generationConfig ?? model.generationConfig,
    tools: params.tools ?? model.tools,
    baseUrl: model.baseUrl,
  });
  return createView(chat, {
    sendMessage: traceUnary(
      bindMethod(chat, "sendMessage"),
      scope,
      settings,
      "chat.sendMessage",
      "generate_content",
    ),
    sendMessageStream: traceStream(
      bindMethod(chat, "sendMessageStream"),
      scope,
      settings,
      "chat.sendMessageStream",
    ),
  });
}

function start(
  scope: ScopeResolver,
  settings: ModelSettings,
  name: string,
  operation: LlmOperation,
  stream: boolean,
  args: unknown[],
) {
  const requestOptions = asRecord(args[1]);
  return startGoogleCall(scope, {
    name,
    operation,
    provider: "google",
    model: settings.model,
    serverAddress: hostOf(requestOptions.baseUrl ?? settings.baseUrl ?? DEFAULT_BASE_URL),
    stream,
    config: asRecord(args[0]).generationConfig ?? settings.generationConfig,
    tools: asRecord(args[0]).tools ?? settings.tools,
    request: args[0],
  });
}

function traceUnary(
  original: Method,
  scope: ScopeResolver,
  settings: () => ModelSettings,
  name: string,
  operation: LlmOperation,
): Method {
  return (...args: unknown[]) => {
    const call = guard("google", () => start(scope, settings(), name, operation, false, args), undefined);
    if (!call) return original(...args);
    return traceGoogleUnary(
      call,
      () => original(...args),
      (result) =>
        operation === "embeddings"
          ? toGoogleEmbeddingResult(result)
          : toGoogleResult(asRecord(result).response),
    );
  };
}

/**
 * `{stream, response}`: the span ends when `response` settles or the consumer stops reading
 * `stream` early, whichever comes first. Both are the library's own, with `stream` observed.
 */
function traceStream(
  original: Method,
  scope: ScopeResolver,
  settings: () => ModelSettings,
  name: string,
): Method {
  return (...args: unknown[]) => {
    const call = guard(
      "google",
      () => start(scope, settings(), name, "generate_content", true, args),
      undefined,
    );
    if (!call) return original(...args);
    return runGoogleCall(call, () => original(...args)).then((result) =>
      guard("google", () => observeStreamResult(result, call), result),
    );
  };
}

function observeStreamResult(result: unknown, call: LlmCall): unknown {
  if (!isRecord(result) || !isRecord(result.stream)) return result;
  const accumulator = new GoogleStreamAccumulator();
  const response = result.response;
  if (response instanceof Promise) {
    response.then(
      (value: unknown) =>
        guard(
          "google",
          () => endGoogleStream(call, accumulator, mergeResponse(value, accumulator)),
          undefined,
        ),
      (error: unknown) =>
        guard("google", () => call.fail(error, toGoogleResult(accumulator.toResponse())), undefined),
    );
  }
  return {
    ...result,
    stream: traceGoogleChunks(result.stream as unknown as AsyncIterable<unknown>, call, accumulator, false),
  };
}

/** The aggregated response lacks the chunks' `responseId` / `modelVersion`; take them from the chunks. */
function mergeResponse(value: unknown, accumulator: GoogleStreamAccumulator): unknown {
  const streamed = accumulator.toResponse();
  const response = asRecord(value);
  return {
    ...response,
    candidates: response.candidates,
    usageMetadata: response.usageMetadata ?? streamed.usageMetadata,
    responseId: response.responseId ?? streamed.responseId,
    modelVersion: response.modelVersion ?? streamed.modelVersion,
  };
}

function hostOf(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function bindMethod(object: object, name: string): Method {
  return ((object as Record<string, Method>)[name] as Method).bind(object);
}
