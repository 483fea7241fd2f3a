import { FALLOM } from "../../attributes.js";
import { guard } from "../../record/guard.js";
import { startLlmCall } from "../../record/start-llm-call.js";
import type { LlmCall, LlmOperation, ScopeResolver } from "../../record/types.js";
import { detectAiSdkVersion } from "./detect-ai-sdk-version.js";
import { type AiSdkModelInfo, inferAiSdkProvider } from "./infer-ai-sdk-provider.js";
import { toAiSdkRawRequest, toAiSdkRequestParams, toToolNames } from "./to-ai-sdk-request.js";
import { toJsonSafe } from "./to-json-safe.js";
import { asRecord } from "./values.js";

/** What every wrapped AI SDK function shares: the session scope and the `ai` module it came from. */
export interface AiSdkContext {
  scope: ScopeResolver;
  /** The module passed to `wrapAISDK`, read only to tell its major version. */
  ai: unknown;
}

export interface StartedAiSdkCall {
  call: LlmCall;
  info: AiSdkModelInfo;
}

/**
 * Starts the span of one AI SDK call, or returns undefined when the call must pass through
 * untraced (not initialised, no session, already inside an LLM call, or an SDK bug).
 *
 * @example const started = startAiSdkCall(context, "generateText", "chat", options, false);
 */
export function startAiSdkCall(
  context: AiSdkContext,
  name: string,
  operation: LlmOperation,
  options: unknown,
  stream: boolean,
): StartedAiSdkCall | undefined {
  return guard(
    "ai-sdk",
    () => {
      const record = asRecord(options);
      const info = inferAiSdkProvider(record.model);
      const version = detectAiSdkVersion(context.ai, info.specificationVersion);
      const call = startLlmCall(context.scope, {
        name,
        method: name,
        operation,
        provider: info.provider,
        providerRaw: info.providerRaw,
        requestModel: info.modelId,
        serverAddress: info.serverAddress,
        stream,
        requestParams: toAiSdkRequestParams(record),
        toolNames: toToolNames(record.tools),
        rawRequest:
          operation === "embeddings"
            ? () => toJsonSafe({ model: info.modelId, value: record.value, values: record.values })
            : () => toAiSdkRawRequest(record, info.modelId),
        attributes: { [FALLOM.aiSdkVersion]: version },
      });
      return call ? { call, info } : undefined;
    },
    undefined,
  );
}
