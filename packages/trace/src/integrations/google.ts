/**
 * Google integration (SPEC §2.5.3): `@google/generative-ai` models and `@google/genai` clients.
 * Vendor types only; the libraries are never imported at runtime.
 */
import { debugLog } from "../log.js";
import type { ScopeResolver } from "../record/types.js";
import { createView, unwrapView } from "./ai-sdk/create-view.js";
import { isRecord } from "./ai-sdk/values.js";
import { wrapGenAIClient, wrapGenAIModels } from "./google/wrap-genai-client.js";
import { wrapGenerativeModel } from "./google/wrap-generative-model.js";

/**
 * A session-bound traced view of a Google client; the object itself is never modified:
 * - a `@google/generative-ai` `GenerativeModel` (`generateContent[Stream]`, `embedContent`,
 *   `batchEmbedContents`, `startChat()` → `sendMessage[Stream]`), or the `GoogleGenerativeAI`
 *   factory (its `getGenerativeModel()` returns wrapped models);
 * - a `@google/genai` `GoogleGenAI` client (`models.*`, `chats.create()`), or its `models`.
 * Anything else is returned unchanged.
 *
 * @example
 * ```ts
 * const model = session.wrapGoogleAI(new GoogleGenerativeAI(key).getGenerativeModel({ model: "gemini-1.5-flash" }));
 * const { response } = await model.generateContent("Hello!");
 * ```
 */
export function wrapGoogleAI<T>(target: T, scope: ScopeResolver): T {
  const object = unwrapView(target);
  if (!isRecord(object)) return target;
  const has = (name: string) => typeof object[name] === "function";
  if (isRecord(object.models) && typeof object.models.generateContent === "function") {
    return wrapGenAIClient(object, scope) as T;
  }
  if (has("generateContent") && has("startChat")) return wrapGenerativeModel(object, scope) as T;
  if (has("generateContent") && has("generateContentStream")) {
    return wrapGenAIModels(object, scope, { provider: "google", serverAddress: undefined }) as T;
  }
  if (has("getGenerativeModel")) {
    const factory = object.getGenerativeModel as (...args: unknown[]) => object;
    return createView(object, {
      getGenerativeModel: (...args: unknown[]) => wrapGenerativeModel(factory.apply(object, args), scope),
    }) as T;
  }
  debugLog("wrapGoogleAI: not a @google/generative-ai model or @google/genai client; returned untraced");
  return target;
}
