/**
 * Which RemoteClient `models` and `prompts` use: the one `init()` (or the legacy `models.init` /
 * `prompts.init`) started, else one auto-started from the environment on first use (SPEC §7.2
 * step 1). `shutdown()` stops it.
 */
import { type ResolvedConfig, resolveConfig } from "../config.js";
import { RemoteClient } from "./remote-client.js";

let current: RemoteClient | undefined;

/**
 * Starts a client for this configuration, replacing (and stopping) the previous one.
 *
 * @example startRemote(resolveConfig({ apiKey: "flm_x", baseUrl: "http://localhost:4318" }))
 */
export function startRemote(
  config: Pick<ResolvedConfig, "apiKey" | "configsUrl" | "promptsUrl" | "debug">,
): RemoteClient {
  const client = new RemoteClient({
    apiKey: config.apiKey,
    configsUrl: config.configsUrl,
    promptsUrl: config.promptsUrl,
    debug: config.debug,
  });
  stopRemote();
  current = client;
  client.start();
  return client;
}

/** Stops the refresh timer and forgets the caches. */
export function stopRemote(): void {
  current?.stop();
  current = undefined;
}

/**
 * The running client, auto-started from the environment when there is none.
 *
 * @throws FallomConfigError when there is none and `FALLOM_API_KEY` is not set.
 */
export function getRemote(): RemoteClient {
  return current ?? startRemote(resolveConfig({}));
}

/** The running client, if any (no auto-start). */
export function peekRemote(): RemoteClient | undefined {
  return current;
}
