/**
 * `@google/genai` (SPEC §2.5.3): a traced view of a `GoogleGenAI` client: `models.generateContent`,
 * `models.generateContentStream`, `models.embedContent`, and the chats `chats.create()` returns.
 * A chat turn calls the client's own (unwrapped) `Models`, so each turn is one span.
 */
import type { Chat, GoogleGenAI, Models } from "@google/genai";
import { guard } from "../../record/guard.js";
import type { LlmOperation, ScopeResolver } from "../../record/types.js";
import { createView } from "../ai-sdk/create-view.js";
import { asRecord } from "../ai-sdk/values.js";
import { GoogleStreamAccumulator, toGoogleResult } from "./read-google-response.js";
import {
  runGoogleCall,
  startGoogleCall,
  toGoogleEmbeddingResult,
  traceGoogleUnary,
} from "./start-google-call.js";
import { traceGoogleChunks } from "./trace-google-stream.js";

type Method = (...args: unknown[]) => Promise<unknown>;

/** Where a client sends its requests: provider (`vertex` in Vertex AI mode) and host. */
interface Endpoint {
  provider: string;
  serverAddress: string | undefined;
}

/** @example const ai = wrapGenAIClient(new GoogleGenAI({ apiKey }), scope); */
export function wrapGenAIClient<T extends object>(client: T, scope: ScopeResolver): T {
  const target = client as unknown as GoogleGenAI;
  const endpoint = guard("google", () => readEndpoint(target), {
    provider: "google",
    serverAddress: undefined,
  });
  const chats = target.chats as unknown as Record<string, unknown> | undefined;
  const overrides: Record<string, unknown> = { models: wrapGenAIModels(target.models, scope, endpoint) };
  if (chats && typeof chats.create === "function") {
    overrides.chats = createView(chats, {
      create: (...args: unknown[]) => {
        const chat = (chats.create as (...a: unknown[]) => Chat)(...args);
        return guard("google", () => wrapGenAIChat(chat, scope, endpoint, asRecord(args[0])), chat);
      },
    });
  }
  return createView(client, overrides);
}

/** A traced view of a `Models` object (also usable on its own). */
export function wrapGenAIModels<T extends object>(models: T, scope: ScopeResolver, endpoint: Endpoint): T {
  const record = models as unknown as Models & Record<string, Method>;
  const bound = (name: string) => (record[name] as Method).bind(models);
  const start = (name: string, operation: LlmOperation, stream: boolean, params: Record<string, unknown>) =>
    startGoogleCall(scope, {
      name,
      operation,
      provider: endpoint.provider,
      model: typeof params.model === "string" ? params.model : undefined,
      serverAddress: endpoint.serverAddress,
      stream,
      config: params.config,
      tools: asRecord(params.config).tools,
      request: params,
    });
  const overrides: Record<string, unknown> = {};
  if (typeof record.generateContent === "function") {
    overrides.generateContent = traceUnary(bound("generateContent"), (params) =>
      start("generateContent", "generate_content", false, params),
    );
  }
  if (typeof record.generateContentStream === "function") {
    overrides.generateContentStream = traceStream(bound("generateContentStream"), (params) =>
      start("generateContentStream", "generate_content", true, params),
    );
  }
  if (typeof record.embedContent === "function") {
    const original = bound("embedContent");
    overrides.embedContent = (...args: unknown[]) => {
      const call = start("embedContent", "embeddings", false, asRecord(args[0]));
      return call
        ? traceGoogleUnary(call, () => original(...args), toGoogleEmbeddingResult)
        : original(...args);
    };
  }
  return createView(models, overrides);
}

type Starter = (params: Record<string, unknown>) => ReturnType<typeof startGoogleCall>;

function traceUnary(original: Method, startCall: Starter): Method {
  return (...args: unknown[]) => {
    const call = startCall(asRecord(args[0]));
    return call ? traceGoogleUnary(call, () => original(...args), toGoogleResult) : original(...args);
  };
}

/** `Promise<AsyncGenerator<GenerateContentResponse>>`: the generator is replaced by a traced copy. */
function traceStream(original: Method, startCall: Starter): Method {
  return (...args: unknown[]) => {
    const call = startCall(asRecord(args[0]));
    if (!call) return original(...args);
    return runGoogleCall(call, () => original(...args)).then((chunks) =>
      guard(
        "google",
        () => traceGoogleChunks(chunks as AsyncIterable<unknown>, call, new GoogleStreamAccumulator(), true),
        chunks,
      ),
    );
  };
}

function wrapGenAIChat(
  chat: Chat,
  scope: ScopeResolver,
  endpoint: Endpoint,
  params: Record<string, unknown>,
): Chat {
  const chatConfig = asRecord(params.config);
  const start = (name: string, stream: boolean, turn: Record<string, unknown>) =>
    startGoogleCall(scope, {
      name,
      operation: "generate_content",
      provider: endpoint.provider,
      model: typeof params.model === "string" ? params.model : undefined,
      serverAddress: endpoint.serverAddress,
      stream,
      config: { ...chatConfig, ...asRecord(turn.config) },
      tools: asRecord(turn.config).tools ?? chatConfig.tools,
      request: turn,
    });
  return createView(chat, {
    sendMessage: traceUnary(bindMethod(chat, "sendMessage"), (turn) =>
      start("chat.sendMessage", false, turn),
    ),
    sendMessageStream: traceStream(bindMethod(chat, "sendMessageStream"), (turn) =>
      start("chat.sendMessageStream", true, turn),
    ),
  });
}

function readEndpoint(client: GoogleGenAI): Endpoint {
  const provider = client.vertexai ? "vertex" : "google";
  const apiClient = asRecord((client as unknown as Record<string, unknown>).apiClient);
  const baseUrl =
    typeof apiClient.getBaseUrl === "function"
      ? (apiClient.getBaseUrl as () => unknown).call(apiClient)
      : undefined;
  let serverAddress: string | undefined;
  if (typeof baseUrl === "string") {
    try {
      serverAddress = new URL(baseUrl).hostname;
    } catch {
      serverAddress = undefined;
    }
  }
  return { provider, serverAddress };
}

function bindMethod(object: object, name: string): Method {
  return ((object as Record<string, Method>)[name] as Method).bind(object);
}
