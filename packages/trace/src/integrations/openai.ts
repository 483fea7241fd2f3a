/**
 * `wrapOpenAI(client)` (SPEC §2.5.1): a session-bound view of an `openai` client (or any
 * OpenAI-compatible base URL) tracing `chat.completions.create`, `responses.create` and
 * `embeddings.create`. The vendor library is never imported at runtime.
 */
import { FALLOM } from "../attributes.js";
import { debugLog } from "../log.js";
import { guard } from "../record/guard.js";
import { startLlmCall } from "../record/start-llm-call.js";
import type { LlmCall, LlmCallStart, ScopeResolver } from "../record/types.js";
import { ChatStreamAccumulator } from "./openai/accumulate-chat-stream.js";
import { ResponsesStreamAccumulator } from "./openai/accumulate-responses-stream.js";
import { describeChatStart, toChatResult } from "./openai/describe-chat-call.js";
import { describeEmbeddingsStart, toEmbeddingsResult } from "./openai/describe-embeddings-call.js";
import { describeResponsesStart, toResponsesResult } from "./openai/describe-responses-call.js";
import { type OpenAIClientInfo, readOpenAIClientInfo } from "./openai/openai-client-info.js";
import { asRecord, isRecord, type Json } from "./openai/openai-shapes.js";
import { retryWithoutStreamOptions } from "./openai/retry-without-stream-options.js";
import { createClientView, unwrapClientView } from "./stainless/create-client-view.js";
import { type ApiCallReader, chunkRead, runTracedApiCall } from "./stainless/run-traced-api-call.js";

type VendorMethod = (...args: unknown[]) => unknown;

/**
 * Returns a view of `client` whose LLM calls are traced for the session `scope` resolves. The
 * client itself is not modified; wrapping a view again wraps the client once (never two spans).
 *
 * @example
 * const openai = session.wrapOpenAI(new OpenAI());
 * await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] });
 */
export function wrapOpenAI<T extends object>(client: T, scope: ScopeResolver): T {
  const real = unwrapClientView(client);
  const info = readOpenAIClientInfo(real);
  return createClientView(real, {
    chat: {
      completions: { create: (original, owner) => tracedChatCreate(original, owner, scope, info) },
    },
    responses: {
      create: (original, owner) =>
        tracedMethod(original, owner, scope, (params) => ({
          start: describeResponsesStart(params, info),
          reader: {
            toResult: toResponsesResult,
            stream: params.stream === true ? responsesStreamReader() : undefined,
          },
        })),
    },
    embeddings: {
      create: (original, owner) =>
        tracedMethod(original, owner, scope, (params) => ({
          start: describeEmbeddingsStart(params, info),
          reader: { toResult: toEmbeddingsResult },
        })),
    },
  });
}

/** A traced method without chat's `stream_options` handling. */
function tracedMethod(
  original: VendorMethod,
  owner: object,
  scope: ScopeResolver,
  plan: (params: Json) => { start: LlmCallStart; reader: ApiCallReader },
): VendorMethod {
  return function traced(...args: unknown[]) {
    const planned = guard("describe the call", () => plan(asRecord(args[0])), undefined);
    const call = planned && guard("start the call", () => startLlmCall(scope, planned.start), undefined);
    if (!planned || !call) return original.apply(owner, args);
    return runTracedApiCall(call, () => original.apply(owner, args), planned.reader);
  };
}

/** SPEC §2.5.1 chat streaming rules 1–5. */
function tracedChatCreate(
  original: VendorMethod,
  owner: object,
  scope: ScopeResolver,
  info: OpenAIClientInfo,
): VendorMethod {
  return function traced(...args: unknown[]) {
    const params = asRecord(args[0]);
    // Inline rather than through `guard`: no closures on the call path (startLlmCall never throws).
    let call: LlmCall | undefined;
    try {
      call = startLlmCall(scope, describeChatStart(params, info));
    } catch (error) {
      debugLog("internal error in describe the call (swallowed):", error);
    }
    if (!call) return original.apply(owner, args);
    if (params.stream !== true) {
      return runTracedApiCall(call, () => original.apply(owner, args), { toResult: toChatResult });
    }
    const inject = !callerSetIncludeUsage(params.stream_options);
    const state = { injected: inject };
    const accumulator = new ChatStreamAccumulator();
    const reader: ApiCallReader = {
      toResult: toChatResult,
      stream: {
        add(chunk) {
          const verdict = accumulator.add(chunk);
          // With include_usage every chunk carries `usage: null`; the caller did not ask for that key.
          if (state.injected && isRecord(chunk) && chunk.usage === null) delete chunk.usage;
          return chunkRead(verdict.hasContent, !(state.injected && verdict.isUsageOnly));
        },
        result: () => accumulator.result(),
      },
    };
    if (!inject) return runTracedApiCall(call, () => original.apply(owner, args), reader);
    const injectedArgs = [
      { ...params, stream_options: { ...asRecord(params.stream_options), include_usage: true } },
      ...args.slice(1),
    ];
    return runTracedApiCall(
      call,
      () =>
        retryWithoutStreamOptions(
          original.apply(owner, injectedArgs),
          () => call.run(() => original.apply(owner, args)),
          () => {
            state.injected = false;
            guard("mark the retry", () => call.setAttributes({ [FALLOM.streamUsage]: false }), undefined);
          },
        ),
      reader,
    );
  };
}

/** Rule 1: a value the caller set for `include_usage` (true or false) is never changed. */
function callerSetIncludeUsage(streamOptions: unknown): boolean {
  return isRecord(streamOptions) && streamOptions.include_usage !== undefined;
}

function responsesStreamReader(): ApiCallReader["stream"] {
  const accumulator = new ResponsesStreamAccumulator();
  return {
    add: (event) => chunkRead(accumulator.add(event), true),
    result: () => accumulator.result(),
    failure: () => accumulator.failure(),
  };
}
