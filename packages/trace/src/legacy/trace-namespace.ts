/**
 * The 0.1.x `trace` namespace (SPEC §2.8), kept for compatibility only. New code uses
 * `init()` and `session()`.
 */
import type { InitOptions } from "../config.js";
import { FallomNotInitialisedError } from "../errors.js";
import { wrapAISDK } from "../integrations/ai-sdk.js";
import { wrapAnthropic } from "../integrations/anthropic.js";
import { wrapGoogleAI } from "../integrations/google.js";
import { wrapOpenAI } from "../integrations/openai.js";
import { init, shutdown } from "../lifecycle.js";
import { debugLog } from "../log.js";
import { guard } from "../record/guard.js";
import type { SessionContext } from "../record/types.js";
import { getRuntime } from "../runtime.js";
import { getLegacySession, legacyScope, runWithLegacySession, setLegacySession } from "./legacy-session.js";

function runWithSession<T>(configKey: string, sessionId: string, fn: () => T): T;
function runWithSession<T>(
  configKey: string,
  sessionId: string,
  customerId: string | undefined,
  fn: () => T,
): T;
function runWithSession<T>(
  configKey: string,
  sessionId: string,
  customerIdOrFn: string | undefined | (() => T),
  maybeFn?: () => T,
): T {
  const fn = typeof customerIdOrFn === "function" ? customerIdOrFn : maybeFn;
  if (typeof fn !== "function")
    throw new TypeError("trace.runWithSession(configKey, sessionId, [customerId,] fn) needs a function");
  const customerId = typeof customerIdOrFn === "string" ? customerIdOrFn : undefined;
  return runWithLegacySession(toContext(configKey, sessionId, customerId), fn);
}

function toContext(configKey: string, sessionId: string, customerId?: string): SessionContext {
  return { configKey, sessionId, ...(customerId !== undefined ? { customerId } : {}) };
}

/**
 * `POST /spans` (SPEC §5.6): custom business metrics for a session.
 *
 * @throws FallomNotInitialisedError when not initialised or no session is known.
 */
async function span(
  data: Record<string, number | string | boolean>,
  options: { configKey?: string; sessionId?: string } = {},
): Promise<void> {
  const runtime = getRuntime();
  if (!runtime) throw new FallomNotInitialisedError("trace.span() needs init() first.");
  const current = getLegacySession();
  const configKey = options.configKey ?? current?.configKey;
  const sessionId = options.sessionId ?? current?.sessionId;
  if (!configKey || !sessionId) {
    throw new FallomNotInitialisedError(
      "trace.span() needs a session: call trace.setSession() first or pass {configKey, sessionId}.",
    );
  }
  try {
    const response = await fetch(`${runtime.config.tracesUrl}/spans`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${runtime.config.apiKey}` },
      body: JSON.stringify({ config_key: configKey, session_id: sessionId, data }),
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    debugLog(`POST /spans → HTTP ${response.status}`);
  } catch (error) {
    debugLog("POST /spans failed (swallowed):", error);
  }
}

/** @example trace.setSession("chat", "conv-1"); const openai = trace.wrapOpenAI(new OpenAI()); */
export const trace = {
  init: (options: Pick<InitOptions, "apiKey" | "baseUrl" | "captureContent" | "debug"> = {}) => init(options),
  shutdown: () => shutdown(),
  setSession: (configKey: string, sessionId: string, customerId?: string): void =>
    setLegacySession(toContext(configKey, sessionId, customerId)),
  runWithSession,
  getSession: (): SessionContext | undefined => {
    const current = getLegacySession();
    return current ? { ...current } : undefined;
  },
  clearSession: (): void => setLegacySession(undefined),
  wrapOpenAI: <T extends object>(client: T): T =>
    guard("wrapOpenAI", () => wrapOpenAI(client, legacyScope), client),
  wrapAnthropic: <T extends object>(client: T): T =>
    guard("wrapAnthropic", () => wrapAnthropic(client, legacyScope), client),
  wrapGoogleAI: <T extends object>(target: T): T =>
    guard("wrapGoogleAI", () => wrapGoogleAI(target, legacyScope), target),
  wrapAISDK: <T extends object>(ai: T): ReturnType<typeof wrapAISDK<T>> =>
    guard("wrapAISDK", () => wrapAISDK(ai, legacyScope), ai as unknown as ReturnType<typeof wrapAISDK<T>>),
  span,
};
