/**
 * `init()` options and their resolution (SPEC §2.2): option → environment → default, in this one
 * place. Pure: takes the environment as an argument so tests need not touch `process.env`.
 */
import { FallomConfigError } from "./errors.js";

/** SPEC §2.2. */
export interface InitOptions {
  /** Project key (`flm_…`). Default: env `FALLOM_API_KEY`. */
  apiKey?: string;
  /** One server for every service (traces, configs, prompts). */
  baseUrl?: string;
  /** Per-service overrides of `baseUrl`. */
  tracesUrl?: string;
  configsUrl?: string;
  promptsUrl?: string;
  /** Send prompt and completion content (default true; env `FALLOM_CAPTURE_CONTENT=false` forces off). */
  captureContent?: boolean;
  /** Log every export result and every swallowed SDK error, prefixed `[Fallom]`. Env `FALLOM_DEBUG`. */
  debug?: boolean;
  /** Resource `service.name`. Default: env `OTEL_SERVICE_NAME`, else `"fallom-traced-app"`. */
  serviceName?: string;
  /** `"batch"` (default) or `"immediate"`: export each span as soon as it ends (serverless). */
  exportMode?: "batch" | "immediate";
  /** Serverless hook (e.g. Vercel's `waitUntil`): receives each export promise. */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** Everything the SDK needs after `init()`, fully resolved. */
export interface ResolvedConfig {
  apiKey: string;
  tracesUrl: string;
  configsUrl: string;
  promptsUrl: string;
  captureContent: boolean;
  debug: boolean;
  serviceName: string;
  exportMode: "batch" | "immediate";
  waitUntil?: (promise: Promise<unknown>) => void;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const DEFAULT_URL = "http://localhost:4318";
const DEFAULT_SERVICE_NAME = "fallom-traced-app";
const FALSE_WORDS = new Set(["false", "0", "no"]);
const TRUE_WORDS = new Set(["true", "1"]);

/**
 * @throws FallomConfigError when no API key is given by option or environment, or an option
 *   has the wrong type.
 * @example resolveConfig({ apiKey: "flm_x" }, { FALLOM_BASE_URL: "https://t.example.com/" }).tracesUrl
 * // "https://t.example.com"
 */
export function resolveConfig(options: InitOptions = {}, env: Environment = process.env): ResolvedConfig {
  const apiKey = firstNonEmpty(options.apiKey, env.FALLOM_API_KEY);
  if (apiKey === undefined) {
    throw new FallomConfigError(
      "missing_api_key",
      "No API key provided: pass the `apiKey` option to init() or set the FALLOM_API_KEY environment variable.",
    );
  }
  const exportMode = options.exportMode ?? "batch";
  if (exportMode !== "batch" && exportMode !== "immediate") {
    throw new FallomConfigError(
      "invalid_option",
      `exportMode must be "batch" or "immediate", got ${String(exportMode)}.`,
    );
  }
  if (options.waitUntil !== undefined && typeof options.waitUntil !== "function") {
    throw new FallomConfigError(
      "invalid_option",
      "waitUntil must be a function (p: Promise<unknown>) => void.",
    );
  }
  return {
    apiKey,
    tracesUrl: resolveServiceUrl("TRACES", options.tracesUrl, options, env),
    configsUrl: resolveServiceUrl("CONFIGS", options.configsUrl, options, env),
    promptsUrl: resolveServiceUrl("PROMPTS", options.promptsUrl, options, env),
    captureContent: resolveCaptureContent(options.captureContent, env),
    debug: options.debug ?? TRUE_WORDS.has((env.FALLOM_DEBUG ?? "").trim().toLowerCase()),
    serviceName: firstNonEmpty(options.serviceName, env.OTEL_SERVICE_NAME) ?? DEFAULT_SERVICE_NAME,
    exportMode,
    ...(options.waitUntil ? { waitUntil: options.waitUntil } : {}),
  };
}

/**
 * SPEC §2.2 URL resolution for one service: per-service option → `baseUrl` option →
 * `FALLOM_<S>_URL` → `FALLOM_BASE_URL` → `http://localhost:4318`; trailing slashes stripped.
 *
 * @example resolveServiceUrl("PROMPTS", undefined, {}, { FALLOM_BASE_URL: "http://h/x/" }) // "http://h/x"
 */
export function resolveServiceUrl(
  service: "TRACES" | "CONFIGS" | "PROMPTS",
  serviceOption: string | undefined,
  options: Pick<InitOptions, "baseUrl">,
  env: Environment,
): string {
  const url =
    firstNonEmpty(serviceOption, options.baseUrl, env[`FALLOM_${service}_URL`], env.FALLOM_BASE_URL) ??
    DEFAULT_URL;
  return url.replace(/\/+$/, "");
}

/**
 * SPEC §2.2: env `FALLOM_CAPTURE_CONTENT` ∈ {false, 0, no} (any case) forces capture off;
 * otherwise the option applies; otherwise on.
 *
 * @example resolveCaptureContent(true, { FALLOM_CAPTURE_CONTENT: "No" }) // false
 */
export function resolveCaptureContent(option: boolean | undefined, env: Environment): boolean {
  if (FALSE_WORDS.has((env.FALLOM_CAPTURE_CONTENT ?? "").trim().toLowerCase())) return false;
  return option ?? true;
}

function firstNonEmpty(...values: (string | undefined)[]): string | undefined {
  for (const value of values) {
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return undefined;
}
