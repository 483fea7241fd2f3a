/**
 * Provider of a native TraceData record (SPEC §6.2 provider row, §6.4 E5).
 */
import { canonicalProvider, providerFromHost, providerFromModel } from "../../domain/map-provider.js";
import { FALLOM_KEYS, GEN_AI_KEYS } from "./attribute-keys.js";
import { providerFromMethod } from "./classify-native-span.js";
import { nativeText } from "./read-native-value.js";

/** Provider values in §6.2 priority order. */
const PROVIDER_KEYS = [GEN_AI_KEYS.providerName, GEN_AI_KEYS.system, FALLOM_KEYS.provider] as const;

/**
 * A provider value from the attributes, cut at its first `.` (`openrouter.chat` → openrouter);
 * else the base URL host; else the model id; else the method (pass null for non-call spans).
 *
 * @example toNativeProvider({ "fallom.provider": "openrouter.chat" }, [], null) // "openrouter"
 */
export function toNativeProvider(
  attributes: Record<string, unknown>,
  models: Array<string | null>,
  method: string | null,
): string | null {
  const fromValue = PROVIDER_KEYS.map((key) => canonicalProvider(nativeText(attributes[key]))).find(
    (provider) => provider !== null,
  );
  return (
    fromValue ??
    providerFromHost(nativeText(attributes[FALLOM_KEYS.baseUrl])) ??
    models.map(providerFromModel).find((provider) => provider !== null) ??
    providerFromMethod(method)
  );
}
