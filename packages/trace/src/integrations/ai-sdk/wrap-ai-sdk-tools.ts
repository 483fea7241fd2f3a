import { guard } from "../../record/guard.js";
import { startToolCall } from "../../record/start-tool-call.js";
import type { LlmCall, ScopeResolver, ToolCall } from "../../record/types.js";
import { toJsonSafe } from "./to-json-safe.js";
import { type AnyRecord, asRecord, isRecord, toStringValue } from "./values.js";

type Execute = (this: unknown, ...args: unknown[]) => unknown;

/**
 * A copy of an AI SDK `tools` record whose `execute` functions are traced (SPEC §2.5.4): each
 * execution is a child span of `call` (`execute_tool`, tool name and call id; arguments and result
 * are content). Every tool keeps its prototype and all its other properties, symbols included, so
 * schemas and the SDK's own markers survive. Tools without `execute` are passed as they are; the
 * caller's record and tools are never modified.
 *
 * @example generateText({ ...options, tools: wrapAiSdkTools(options.tools, scope, call) })
 */
export function wrapAiSdkTools(tools: unknown, scope: ScopeResolver, call: LlmCall): unknown {
  if (!isRecord(tools) || Array.isArray(tools)) return tools;
  const names = Object.keys(tools).filter((name) => typeof asRecord(tools[name]).execute === "function");
  if (names.length === 0) return tools;
  const copy = cloneObject(tools);
  for (const name of names) {
    const tool = tools[name] as AnyRecord;
    const traced = cloneObject(tool);
    Object.defineProperty(traced, "execute", {
      value: traceExecute(name, tool.execute as Execute, scope, call),
      writable: true,
      enumerable: true,
      configurable: true,
    });
    Object.defineProperty(copy, name, {
      value: traced,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return copy;
}

function cloneObject<T extends object>(value: T): T {
  return Object.create(Object.getPrototypeOf(value), Object.getOwnPropertyDescriptors(value)) as T;
}

function traceExecute(name: string, execute: Execute, scope: ScopeResolver, call: LlmCall): Execute {
  return function tracedExecute(this: unknown, ...args: unknown[]): unknown {
    const [input, options] = args;
    // Started inside the LLM call so that the tool span is its child even if the SDK runs the
    // tool on another async path.
    const tool = guard(
      "ai-sdk",
      () =>
        call.run(() =>
          startToolCall(scope, {
            toolName: name,
            toolCallId: toStringValue(asRecord(options).toolCallId),
            arguments: () => toJsonSafe(input),
          }),
        ),
      undefined,
    );
    if (!tool) return execute.apply(this, args);
    let outcome: unknown;
    try {
      outcome = tool.run(() => execute.apply(this, args));
    } catch (error) {
      guard("ai-sdk", () => tool.fail(error), undefined);
      throw error;
    }
    if (isPromiseLike(outcome)) {
      return Promise.resolve(outcome).then(
        (value) => {
          guard("ai-sdk", () => tool.end(() => toJsonSafe(value)), undefined);
          return value;
        },
        (error: unknown) => {
          guard("ai-sdk", () => tool.fail(error), undefined);
          throw error;
        },
      );
    }
    if (isAsyncIterable(outcome)) return traceToolOutputs(outcome, tool);
    guard("ai-sdk", () => tool.end(() => toJsonSafe(outcome)), undefined);
    return outcome;
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return isRecord(value) && typeof value.then === "function";
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return isRecord(value) && typeof (value as AnyRecord)[Symbol.asyncIterator as never] === "function";
}

/**
 * A streaming tool (`async function*` execute, AI SDK v5+): each step runs inside the tool span so
 * LLM calls made while producing a value are its children; the last value is the tool's result.
 */
async function* traceToolOutputs(outputs: AsyncIterable<unknown>, tool: ToolCall): AsyncGenerator<unknown> {
  const iterator = outputs[Symbol.asyncIterator]();
  let last: unknown;
  let finished = false;
  try {
    for (;;) {
      const step = await tool.run(() => iterator.next());
      if (step.done) break;
      last = step.value;
      yield step.value;
    }
    finished = true;
    guard("ai-sdk", () => tool.end(() => toJsonSafe(last)), undefined);
  } catch (error) {
    finished = true;
    guard("ai-sdk", () => tool.fail(error), undefined);
    throw error;
  } finally {
    if (!finished) {
      guard("ai-sdk", () => tool.end(() => toJsonSafe(last)), undefined);
      await iterator.return?.();
    }
  }
}
