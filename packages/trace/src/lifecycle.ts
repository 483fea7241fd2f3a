/**
 * `init`, `flush` and `shutdown` (SPEC §2.2, §2.7). No signal handlers, no global
 * OpenTelemetry registration, no module patching: one `beforeExit` listener, registered once.
 */
import { startRemote, stopRemote } from "./ab/remote-state.js";
import { type InitOptions, resolveCaptureContent, resolveConfig } from "./config.js";
import type { ExportStats } from "./export/export-processor.js";
import { debugLog, setDebug } from "./log.js";
import { createRuntime, getRuntime, type Runtime, setRuntime } from "./runtime.js";

let lastRuntime: Runtime | undefined;
let exitHookRegistered = false;
let endedCountAtLastExitFlush = -1;

/**
 * Starts tracing. Idempotent while initialised; allowed again after `shutdown()`.
 *
 * @throws FallomConfigError (as a rejection) when no API key is given by option or `FALLOM_API_KEY`.
 * @example await fallom.init({ apiKey: process.env.FALLOM_API_KEY, baseUrl: "https://traces.example.com" });
 */
export async function init(options: InitOptions = {}): Promise<void> {
  if (getRuntime()) {
    debugLog("init() called again while initialised: ignored");
    return;
  }
  const config = resolveConfig(options);
  setDebug(config.debug);
  const envForcedOff = !resolveCaptureContent(true, process.env);
  const runtime = createRuntime(config, envForcedOff);
  setRuntime(runtime);
  lastRuntime = runtime;
  // SPEC §7.4: the config and prompt lists are fetched now, not awaited, then every 30 s.
  startRemote(config);
  registerExitHook();
  debugLog(
    `initialised: traces → ${config.tracesUrl}/v1/traces, captureContent=${runtime.capture.captureContent}`,
  );
}

/**
 * Exports everything queued and waits for in-flight exports.
 *
 * @returns true when everything was exported (or nothing was pending), false on timeout.
 * @example await fallom.flush(); // at the end of a script or serverless handler
 */
export async function flush(timeoutMs = 5000): Promise<boolean> {
  const runtime = getRuntime();
  if (!runtime) return true;
  try {
    return await runtime.processor.flush(timeoutMs);
  } catch (error) {
    debugLog("flush failed (swallowed):", error);
    return false;
  }
}

/**
 * Flushes, then stops the exporter and the config/prompt refresh. Calls made afterwards pass
 * through untraced; `init()` may be called again.
 *
 * @example await fallom.shutdown();
 */
export async function shutdown(timeoutMs = 5000): Promise<void> {
  // Also when only models/prompts ran (auto-started or legacy `models.init`): stop their refresh.
  stopRemote();
  const runtime = getRuntime();
  if (!runtime) return;
  setRuntime(undefined);
  try {
    await runtime.processor.flush(timeoutMs);
    await runtime.provider.shutdown();
  } catch (error) {
    debugLog("shutdown failed (swallowed):", error);
  }
}

/**
 * Export counters of the current (or last) SDK instance: queued, exported, dropped (queue full,
 * too large, after shutdown), failed (rejected by the server) and retries.
 *
 * @example const { dropped } = getExportStats();
 */
export function getExportStats(): ExportStats {
  return (
    (getRuntime() ?? lastRuntime)?.processor.stats ?? {
      queued: 0,
      exported: 0,
      dropped: 0,
      failed: 0,
      retries: 0,
    }
  );
}

function registerExitHook(): void {
  if (exitHookRegistered) return;
  exitHookRegistered = true;
  process.on("beforeExit", () => {
    const runtime = getRuntime();
    if (!runtime?.processor.hasPendingWork) return;
    // beforeExit fires again after our flush settles; flush only when new spans arrived since,
    // so an unreachable server cannot keep the process alive forever.
    if (runtime.processor.endedCount === endedCountAtLastExitFlush) return;
    endedCountAtLastExitFlush = runtime.processor.endedCount;
    void flush(5000);
  });
}
