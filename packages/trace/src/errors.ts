/**
 * The SDK's small error tree. Every error carries a `Symbol.for` marker so that `isFallomError`
 * recognises it even when two copies of the package are installed (each has its own classes).
 *
 * ```
 * FallomError
 * ├── FallomConfigError        bad or missing init options (e.g. no API key)
 * └── FallomNotInitialisedError a call that needs init() came before it (legacy `trace.span`)
 *
 * models / prompts failures are plain FallomErrors told apart by `code` (`config_not_found`,
 * `prompt_version_not_found`, …).
 * ```
 */

const MARKER = Symbol.for("fallom.error");

/**
 * Base class of every error the SDK throws on purpose.
 *
 * @example
 * try { await fallom.init(); } catch (error) { if (isFallomError(error)) console.error(error.code); }
 */
export class FallomError extends Error {
  readonly [MARKER] = true;
  /** Stable machine-readable code, e.g. `missing_api_key`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FallomError";
    this.code = code;
  }
}

/** Invalid or missing configuration. @example new FallomConfigError("missing_api_key", "…") */
export class FallomConfigError extends FallomError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = "FallomConfigError";
  }
}

/** The SDK was used before `init()` (or after `shutdown()`) where tracing cannot just pass through. */
export class FallomNotInitialisedError extends FallomError {
  constructor(message: string) {
    super("not_initialised", message);
    this.name = "FallomNotInitialisedError";
  }
}

/**
 * True for any error thrown by any copy of this SDK.
 *
 * @example if (isFallomError(error)) retryLater();
 */
export function isFallomError(value: unknown): value is FallomError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
}
