/**
 * Prompt retrieval without any linkage (SPEC §8.3): the cached prompt (or pinned version), the
 * A/B arm of a session, templated per SPEC §8.2. `prompts.get`/`getAB` and the session methods
 * add the linkage on top.
 */

import { RemoteError } from "../ab/fetch-json.js";
import { hashSession } from "../ab/hash-session.js";
import { pickVariant } from "../ab/pick-variant.js";
import type { RemoteClient } from "../ab/remote-client.js";
import { getRemote } from "../ab/remote-state.js";
import type { PromptVersion } from "../ab/wire-types.js";
import { FallomError } from "../errors.js";
import { warnRateLimited } from "../log.js";
import type { PromptLink } from "../record/types.js";
import { renderTemplate } from "./render-template.js";

/** SPEC §2.7. For A/B results, `key`/`version` are the selected prompt's. */
export interface PromptResult {
  key: string;
  /** 0 when the result is the caller's `fallback`. */
  version: number;
  system: string;
  user: string;
  abTestKey?: string;
  variantIndex?: number;
}

export interface GetPromptOptions {
  /** Values for `{{ name }}` placeholders (SPEC §8.2). */
  variables?: Record<string, unknown>;
  /** Pin a version instead of the current one. */
  version?: number;
  /** Ours: returned (templated, version 0) when the prompt cannot be found or fetched. */
  fallback?: { system?: string; user?: string };
  debug?: boolean;
}

export interface GetPromptABOptions {
  variables?: Record<string, unknown>;
  debug?: boolean;
}

/**
 * @throws FallomError (`Prompt '<key>' not found`, `…version N not found`) when there is no
 *   prompt and no fallback.
 * @example const result = await fetchPrompt("greeting", { variables: { name: "Ann" } });
 */
export async function fetchPrompt(promptKey: string, options: GetPromptOptions = {}): Promise<PromptResult> {
  checkKey("prompts.get", "promptKey", promptKey);
  checkOptions("prompts.get", options);
  if (options.version !== undefined && !(Number.isInteger(options.version) && options.version >= 1)) {
    throw new FallomError(
      "invalid_argument",
      `prompts.get: version must be a whole number ≥ 1, got ${String(options.version)}.`,
    );
  }
  let client: RemoteClient | undefined;
  try {
    client = getRemote();
    const cached = options.version === undefined ? client.prompts.currentPrompt(promptKey) : undefined;
    const prompt = cached ?? (await findPrompt(client, promptKey, options.version ?? null));
    if (client.debugging(options.debug))
      client.log(options.debug, `prompts.get("${promptKey}"): version ${prompt.version}`);
    return render(prompt, options.variables);
  } catch (error) {
    const { fallback } = options;
    if (!fallback) throw error;
    warnRateLimited(
      `prompts.get:${promptKey}`,
      `WARNING prompts.get("${promptKey}"): ${withoutFullStop(error)}; using the fallback.`,
    );
    client?.log(options.debug, `prompts.get("${promptKey}"): fallback`);
    return {
      key: promptKey,
      version: 0,
      system: renderTemplate(fallback.system ?? "", options.variables),
      user: renderTemplate(fallback.user ?? "", options.variables),
    };
  }
}

/**
 * The session's arm of prompt A/B test `abTestKey` (SPEC §8.3): the same sticky bucket as model
 * configs, no targeting.
 *
 * @throws FallomError when the test, or the prompt (version) an arm names, is not found.
 * @example const result = await fetchPromptAB("greeting-test", "session-1", { variables: { name: "Ann" } });
 */
export async function fetchPromptAB(
  abTestKey: string,
  sessionId: string,
  options: GetPromptABOptions = {},
): Promise<PromptResult> {
  checkKey("prompts.getAB", "abTestKey", abTestKey);
  if (typeof sessionId !== "string") {
    throw new FallomError(
      "invalid_argument",
      "prompts.getAB(abTestKey, sessionId): sessionId must be a string.",
    );
  }
  checkOptions("prompts.getAB", options);
  const client = getRemote();
  const test = await client.abTest(abTestKey);
  if (!test) {
    throw new FallomError(
      "prompt_ab_test_not_found",
      `Prompt A/B test '${abTestKey}' not found${listFailure(client, "abTests")}.`,
    );
  }
  const variantIndex = pickVariant(
    test.variants.map((variant) => variant.weight),
    hashSession(sessionId),
  );
  const variant = test.variants[variantIndex] as (typeof test.variants)[number];
  const prompt = await findPrompt(client, variant.promptKey, variant.promptVersion);
  if (client.debugging(options.debug))
    client.log(
      options.debug,
      `prompts.getAB("${abTestKey}", "${sessionId}"): variant ${variantIndex} → ${prompt.key} version ${prompt.version}`,
    );
  return { ...render(prompt, options.variables), abTestKey, variantIndex };
}

/**
 * The linkage a result stands for on spans.
 *
 * @example toPromptLink({ key: "p", version: 2, system: "", user: "" }) // { promptKey: "p", promptVersion: 2 }
 */
export function toPromptLink(result: PromptResult): PromptLink {
  return {
    promptKey: result.key,
    promptVersion: result.version,
    ...(result.abTestKey !== undefined ? { abTestKey: result.abTestKey } : {}),
    ...(result.variantIndex !== undefined ? { variantIndex: result.variantIndex } : {}),
  };
}

async function findPrompt(client: RemoteClient, key: string, version: number | null): Promise<PromptVersion> {
  if (version !== null) {
    const cached = client.prompts.promptVersion(key, version);
    if (cached) return cached;
    try {
      return await client.fetchPromptVersion(key, version);
    } catch (error) {
      const detail = error instanceof RemoteError && error.status === 404 ? "" : ` (${describe(error)})`;
      throw new FallomError(
        "prompt_version_not_found",
        `Prompt '${key}' version ${version} not found${detail}.`,
      );
    }
  }
  const current = await client.currentPrompt(key);
  if (!current) {
    throw new FallomError("prompt_not_found", `Prompt '${key}' not found${listFailure(client, "prompts")}.`);
  }
  return current;
}

function render(prompt: PromptVersion, variables: Record<string, unknown> | undefined): PromptResult {
  return {
    key: prompt.key,
    version: prompt.version,
    system: renderTemplate(prompt.systemPrompt, variables),
    user: renderTemplate(prompt.userTemplate, variables),
  };
}

function listFailure(client: RemoteClient, list: "prompts" | "abTests"): string {
  const reason = client.lastFailure(list);
  return reason === undefined ? " on the server" : ` (the list could not be fetched: ${describe(reason)})`;
}

function checkKey(method: string, name: string, value: unknown): void {
  if (typeof value !== "string" || value === "") {
    throw new FallomError("invalid_argument", `${method}: ${name} must be a non-empty string.`);
  }
}

function checkOptions(method: string, options: unknown): void {
  if (typeof options !== "object" || options === null) {
    throw new FallomError("invalid_argument", `${method}: options must be an object.`);
  }
  const variables = (options as { variables?: unknown }).variables;
  if (
    variables !== undefined &&
    (typeof variables !== "object" || variables === null || Array.isArray(variables))
  ) {
    throw new FallomError("invalid_argument", `${method}: variables must be an object of {name: value}.`);
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The error's message without its closing full stop, to continue the sentence. */
const withoutFullStop = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
