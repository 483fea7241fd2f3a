/**
 * Sessions (SPEC §2.3): in-memory context that every span made through the session carries.
 * Creating one does no I/O; sessions are independent, so concurrent requests never mix.
 */
import { FallomConfigError } from "./errors.js";
import { wrapAISDK } from "./integrations/ai-sdk.js";
import { wrapAnthropic } from "./integrations/anthropic.js";
import { wrapGoogleAI } from "./integrations/google.js";
import { wrapOpenAI } from "./integrations/openai.js";
import { traceModel } from "./integrations/trace-model.js";
import type { FallomSpan, SpanOptions } from "./manual/fallom-span.js";
import { startManualSpan } from "./manual/start-manual-span.js";
import { type GetModelOptions, resolveModel } from "./models-client.js";
import { getAsyncPromptLink } from "./prompts/prompt-context.js";
import {
  fetchPrompt,
  fetchPromptAB,
  type GetPromptABOptions,
  type GetPromptOptions,
  type PromptResult,
  toPromptLink,
} from "./prompts/resolve-prompt.js";
import { guard } from "./record/guard.js";
import type {
  CallScope,
  ModelAssignment,
  PromptLink,
  ScopeResolver,
  SessionContext,
} from "./record/types.js";

/** SPEC §2.3. */
export interface SessionOptions extends SessionContext {
  /** Ours: `false` turns content capture off for this session (true turns it on unless the env forbids). */
  captureContent?: boolean;
}

/**
 * @example
 * const session = fallom.session({ configKey: "support-bot", sessionId: req.id, customerId: user.id });
 * const openai = session.wrapOpenAI(new OpenAI());
 */
export class FallomSession {
  readonly #context: SessionContext;
  readonly #captureContent: boolean | undefined;
  #prompt: PromptLink | undefined;
  #modelAssignment: ModelAssignment | undefined;
  #scope: CallScope;

  /** Resolves this session's scope at call time; handed to every wrapper. */
  readonly scope: ScopeResolver = () => {
    if (this.#prompt) return this.#scope;
    const asyncPrompt = getAsyncPromptLink();
    return asyncPrompt ? { ...this.#scope, prompt: asyncPrompt } : this.#scope;
  };

  constructor(options: SessionOptions) {
    this.#context = validateSession(options);
    this.#captureContent = options.captureContent;
    this.#scope = this.#buildScope();
  }

  /** A copy of `{configKey, sessionId, customerId, metadata, tags}`. */
  getContext(): SessionContext {
    return copyContext(this.#context);
  }

  /** A traced view of an `openai` client (SPEC §2.5.1); the client itself is not modified. */
  wrapOpenAI<T extends object>(client: T): T {
    return guard("wrapOpenAI", () => wrapOpenAI(client, this.scope), client);
  }

  /** A traced view of an `@anthropic-ai/sdk` client (SPEC §2.5.2). */
  wrapAnthropic<T extends object>(client: T): T {
    return guard("wrapAnthropic", () => wrapAnthropic(client, this.scope), client);
  }

  /** A traced view of a `@google/generative-ai` model or a `@google/genai` client (SPEC §2.5.3). */
  wrapGoogleAI<T extends object>(modelOrClient: T): T {
    return guard("wrapGoogleAI", () => wrapGoogleAI(modelOrClient, this.scope), modelOrClient);
  }

  /** Traced `generateText`, `streamText`, `generateObject`, `streamObject`, `embed`, `embedMany` (SPEC §2.5.4). */
  wrapAISDK<T>(ai: T): ReturnType<typeof wrapAISDK<T>> {
    return guard("wrapAISDK", () => wrapAISDK(ai, this.scope), ai as ReturnType<typeof wrapAISDK<T>>);
  }

  /** A traced view of a Vercel language model (SPEC §2.5.5). */
  traceModel<T extends object>(model: T): T {
    return guard("traceModel", () => traceModel(model, this.scope), model);
  }

  /** A manual span (SPEC §2.6). @example session.span("retrieve", { kind: "retrieval" }) */
  span(name: string, options?: SpanOptions): FallomSpan {
    return startManualSpan(this.#scope, name, options);
  }

  /**
   * The model for this session (SPEC §2.3): `models.get` with the session's id, customer id
   * and metadata (stringified) as targeting context. When a real version of the session's own
   * config made the choice, later LLM spans of the session carry that version and variant.
   *
   * @example const model = await session.getModel({ fallback: "gpt-4o-mini" });
   */
  async getModel(
    configKeyOrOptions?: string | GetModelOptions,
    options: GetModelOptions = {},
  ): Promise<string> {
    const configKey = typeof configKeyOrOptions === "string" ? configKeyOrOptions : this.#context.configKey;
    const opts =
      typeof configKeyOrOptions === "object" && configKeyOrOptions !== null ? configKeyOrOptions : options;
    const metadata = Object.fromEntries(
      Object.entries(this.#context.metadata ?? {}).map(([key, value]) => [key, String(value)]),
    );
    const resolved = await resolveModel(configKey, this.#context.sessionId, {
      ...opts,
      ...(this.#context.customerId !== undefined ? { customerId: this.#context.customerId } : {}),
      context: { ...metadata, ...opts.context },
    });
    // Spans carry the session's config key, so only an assignment of that config describes them.
    if (resolved.configVersion !== undefined && configKey === this.#context.configKey) {
      this.#modelAssignment = {
        configKey,
        configVersion: resolved.configVersion,
        ...(resolved.variantIndex !== undefined ? { variantIndex: resolved.variantIndex } : {}),
      };
      this.#scope = this.#buildScope();
    }
    return resolved.model;
  }

  /** Fetches a prompt and links it to this session's later LLM spans (SPEC §8.4). */
  async getPrompt(promptKey: string, options?: GetPromptOptions): Promise<PromptResult> {
    const result = await fetchPrompt(promptKey, options);
    this.setPrompt(result);
    return result;
  }

  /** Picks this session's prompt A/B arm and links it to this session (SPEC §8.4). */
  async getPromptAB(abTestKey: string, options?: GetPromptABOptions): Promise<PromptResult> {
    const result = await fetchPromptAB(abTestKey, this.#context.sessionId, options);
    this.setPrompt(result);
    return result;
  }

  /** Links (or, with null, unlinks) a prompt to this session's later LLM spans. */
  setPrompt(result: PromptResult | null): void {
    if (
      result !== null &&
      (typeof result !== "object" || typeof result.key !== "string" || !Number.isInteger(result.version))
    ) {
      throw new FallomConfigError(
        "invalid_argument",
        "session.setPrompt(result): pass a PromptResult ({key, version, system, user}) or null.",
      );
    }
    this.#prompt = result ? toPromptLink(result) : undefined;
    this.#scope = this.#buildScope();
  }

  #buildScope(): CallScope {
    return {
      context: this.#context,
      ...(this.#captureContent !== undefined ? { captureContent: this.#captureContent } : {}),
      ...(this.#prompt ? { prompt: this.#prompt } : {}),
      ...(this.#modelAssignment ? { modelAssignment: this.#modelAssignment } : {}),
    };
  }
}

/**
 * Creates a session. Throws a FallomConfigError when `configKey` or `sessionId` is missing.
 *
 * @example fallom.session({ configKey: "chat", sessionId: "conv-1", tags: ["beta"] })
 */
export function session(options: SessionOptions): FallomSession {
  return new FallomSession(options);
}

function validateSession(options: SessionOptions): SessionContext {
  if (typeof options !== "object" || options === null) {
    throw new FallomConfigError(
      "invalid_session",
      "session() needs an options object {configKey, sessionId}.",
    );
  }
  for (const field of ["configKey", "sessionId"] as const) {
    if (typeof options[field] !== "string" || options[field] === "") {
      throw new FallomConfigError("invalid_session", `session() needs a non-empty string \`${field}\`.`);
    }
  }
  if (options.customerId !== undefined && typeof options.customerId !== "string") {
    throw new FallomConfigError("invalid_session", "session(): `customerId` must be a string.");
  }
  if (
    options.tags !== undefined &&
    !(Array.isArray(options.tags) && options.tags.every((t) => typeof t === "string"))
  ) {
    throw new FallomConfigError("invalid_session", "session(): `tags` must be an array of strings.");
  }
  return Object.freeze(copyContext(options));
}

function copyContext(context: SessionContext): SessionContext {
  return {
    configKey: context.configKey,
    sessionId: context.sessionId,
    ...(context.customerId !== undefined ? { customerId: context.customerId } : {}),
    ...(context.metadata ? { metadata: { ...context.metadata } } : {}),
    ...(context.tags ? { tags: [...context.tags] } : {}),
  };
}
