/**
 * The `models` namespace (SPEC §2.7, §7): which model a session should use. A warm lookup is
 * local computation only (cache, targeting, MD5 bucket); the server is asked only on a cache miss
 * (≤ 2 s) and told about assignments off the call path.
 */
import { assignModel } from "./ab/assign-model.js";
import { RemoteError } from "./ab/fetch-json.js";
import type { RemoteClient } from "./ab/remote-client.js";
import { getRemote, startRemote } from "./ab/remote-state.js";
import { resolveConfig } from "./config.js";
import { FallomError } from "./errors.js";
import { warnRateLimited } from "./log.js";
import type { SubModuleInitOptions } from "./prompts/prompts-client.js";

/** SPEC §2.7. */
export interface GetModelOptions {
  /** Pin a config version instead of the current one. */
  version?: number;
  /** Returned (with a warning) whenever no real assignment can be made; then nothing throws. */
  fallback?: string;
  /** Targeting field `customerId`; overrides a `customerId` key in `context`. */
  customerId?: string;
  /** Targeting fields; non-string values are compared in their SPEC §8.2 text form. */
  context?: Record<string, string>;
  /** Log this lookup with `[Fallom]` even when `init` did not turn debug on. */
  debug?: boolean;
}

/** A model choice plus, when a real config version made it, which version and variant. */
export interface ResolvedModel {
  model: string;
  configVersion?: number;
  variantIndex?: number;
}

/**
 * `models.get` with the assignment details sessions record on their spans.
 *
 * @throws FallomError when no assignment can be made and no fallback was given; a FallomConfigError
 *   for bad arguments or a missing API key.
 */
export async function resolveModel(
  configKey: string,
  sessionId: string,
  options: GetModelOptions = {},
): Promise<ResolvedModel> {
  checkArguments(configKey, sessionId, options);
  const { fallback, debug } = options;
  let client: RemoteClient | undefined;
  try {
    client = getRemote();
    // The warm path stays synchronous: no await unless the cache misses or a version is pinned.
    const cached = options.version === undefined ? client.configs.current(configKey) : undefined;
    const config = cached ?? (await findConfig(client, configKey, options.version));
    const assignment = assignModel(config, sessionId, {
      customerId: options.customerId,
      context: options.context,
    });
    client.recorder.record(configKey, config.version, sessionId, assignment.model);
    if (client.debugging(debug))
      client.log(
        debug,
        `models.get("${configKey}", "${sessionId}"): ${assignment.model} (version ${config.version}, variant ${assignment.variantIndex} by ${assignment.via})`,
      );
    return { model: assignment.model, configVersion: config.version, variantIndex: assignment.variantIndex };
  } catch (error) {
    if (typeof fallback !== "string") throw error;
    warnRateLimited(
      `models.get:${configKey}`,
      `WARNING models.get("${configKey}"): ${withoutFullStop(error)}; using the fallback "${fallback}".`,
    );
    client?.log(debug, `models.get("${configKey}", "${sessionId}"): fallback ${fallback}`);
    return { model: fallback };
  }
}

/**
 * The model for `sessionId` under config `configKey` (SPEC §7.2): targeting, then the sticky
 * MD5 bucket. The same session always gets the same variant of the same config version.
 *
 * @throws FallomError (`Config '<key>' not found…`) when there is no assignment and no `fallback`.
 * @example const model = await models.get("summarizer", sessionId, { fallback: "gpt-4o-mini" });
 */
export async function getModel(
  configKey: string,
  sessionId: string,
  options: GetModelOptions = {},
): Promise<string> {
  return (await resolveModel(configKey, sessionId, options)).model;
}

async function findConfig(client: RemoteClient, key: string, version: number | undefined) {
  const current = await client.currentConfig(key);
  if (!current) {
    const reason = client.lastFailure("configs");
    throw new FallomError(
      "config_not_found",
      `Config '${key}' not found${reason === undefined ? " on the server" : ` (the config list could not be fetched: ${describe(reason)})`}.`,
    );
  }
  if (version === undefined || version === current.version) return current;
  const cached = client.configs.version(key, version);
  if (cached) return cached;
  try {
    return await client.fetchConfigVersion(key, version);
  } catch (error) {
    const detail = error instanceof RemoteError && error.status === 404 ? "" : ` (${describe(error)})`;
    throw new FallomError(
      "config_version_not_found",
      `Config '${key}' version ${version} not found${detail}.`,
    );
  }
}

function checkArguments(configKey: unknown, sessionId: unknown, options: GetModelOptions): void {
  if (typeof configKey !== "string" || configKey === "") {
    throw new FallomError(
      "invalid_argument",
      "models.get(configKey, sessionId): configKey must be a non-empty string.",
    );
  }
  if (typeof sessionId !== "string") {
    throw new FallomError(
      "invalid_argument",
      "models.get(configKey, sessionId): sessionId must be a string.",
    );
  }
  if (typeof options !== "object" || options === null) {
    throw new FallomError(
      "invalid_argument",
      "models.get(configKey, sessionId, options): options must be an object.",
    );
  }
  if (options.version !== undefined && !(Number.isInteger(options.version) && options.version >= 1)) {
    throw new FallomError(
      "invalid_argument",
      `models.get: version must be a whole number ≥ 1, got ${String(options.version)}.`,
    );
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `models` namespace of the default export. */
export const models = {
  /**
   * Legacy 0.1.x: starts the config client alone (`init()` already does). Idempotent per call:
   * a second call replaces the first client.
   *
   * @throws FallomConfigError (as a rejection) when no API key is given by option or environment.
   */
  init: async (options: SubModuleInitOptions = {}): Promise<void> => {
    startRemote(resolveConfig(options));
  },
  get: getModel,
};

/** The error's message without its closing full stop, to continue the sentence. */
const withoutFullStop = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
