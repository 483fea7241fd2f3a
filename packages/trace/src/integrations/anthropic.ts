/**
 * `wrapAnthropic(client)` (SPEC §2.5.2): a session-bound view of an `@anthropic-ai/sdk` client
 * tracing `messages.create` (plain and `stream: true`) and `messages.stream()`, and the same under
 * `beta.messages`. The vendor library is never imported at runtime.
 */

import { guard } from "../record/guard.js";
import { startLlmCall } from "../record/start-llm-call.js";
import type { ScopeResolver } from "../record/types.js";
import { AnthropicStreamAccumulator } from "./anthropic/accumulate-anthropic-stream.js";
import {
  type AnthropicClientInfo,
  describeMessagesStart,
  readAnthropicClientInfo,
  toMessageResult,
} from "./anthropic/describe-messages-call.js";
import { createClientView, type MethodTree, unwrapClientView } from "./stainless/create-client-view.js";
import { type ApiCallReader, chunkRead, runTracedApiCall } from "./stainless/run-traced-api-call.js";

type VendorMethod = (...args: unknown[]) => unknown;

/**
 * Returns a view of `client` whose Messages calls are traced for the session `scope` resolves. The
 * client itself is not modified; `messages.stream()` still returns the SDK's own `MessageStream`.
 *
 * @example
 * const anthropic = session.wrapAnthropic(new Anthropic());
 * const stream = anthropic.messages.stream({ model: "claude-sonnet-4-20250514", max_tokens: 1024, messages });
 * const message = await stream.finalMessage();
 */
export function wrapAnthropic<T extends object>(client: T, scope: ScopeResolver): T {
  const real = unwrapClientView(client);
  const info = readAnthropicClientInfo(real);
  const messages: MethodTree = {
    create: (original, owner) => tracedCreate(original, owner, scope, info),
    stream: (original, owner) => tracedStream(original, owner, scope, info),
  };
  return createClientView(real, { messages, beta: { messages } });
}

function tracedCreate(
  original: VendorMethod,
  owner: object,
  scope: ScopeResolver,
  info: AnthropicClientInfo,
): VendorMethod {
  return (...args: unknown[]) => {
    const params = asParams(args[0]);
    const start = guard(
      "describe the call",
      () => describeMessagesStart("messages.create", params, info),
      undefined,
    );
    const call = start && guard("start the call", () => startLlmCall(scope, start), undefined);
    if (!start || !call) return original.apply(owner, args);
    return runTracedApiCall(call, () => original.apply(owner, args), messagesReader(params.stream === true));
  };
}

/**
 * `messages.stream()` builds the SDK's `MessageStream`, which calls `create` on the resource it
 * was called on. We call it on a view of the real resource whose `create` records into this
 * call, so the stream is traced once, from the raw events, and every helper stays the SDK's.
 */
function tracedStream(
  original: VendorMethod,
  owner: object,
  scope: ScopeResolver,
  info: AnthropicClientInfo,
): VendorMethod {
  return (...args: unknown[]) => {
    const params = asParams(args[0]);
    const start = guard(
      "describe the call",
      () => describeMessagesStart("messages.stream", params, info),
      undefined,
    );
    const call = start && guard("start the call", () => startLlmCall(scope, start), undefined);
    const create = (owner as { create?: unknown }).create;
    if (!start || !call || typeof create !== "function") return original.apply(owner, args);
    const resource = new Proxy(owner, {
      get(target, property) {
        if (property === "create") {
          return (...createArgs: unknown[]) =>
            runTracedApiCall(call, () => create.apply(target, createArgs), messagesReader(true));
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    try {
      return call.runSync(() => original.apply(resource, args));
    } catch (error) {
      guard("record a synchronous failure", () => call.fail(error), undefined);
      throw error;
    }
  };
}

function messagesReader(stream: boolean): ApiCallReader {
  if (!stream) return { toResult: toMessageResult };
  const accumulator = new AnthropicStreamAccumulator();
  return {
    toResult: toMessageResult,
    stream: {
      add: (event) => chunkRead(accumulator.add(event), true),
      result: () => accumulator.result(),
    },
  };
}

function asParams(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
