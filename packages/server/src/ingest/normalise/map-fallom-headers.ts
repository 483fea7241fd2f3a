/**
 * Mapper for the `X-Fallom-*` request headers (SPEC §5.2). They apply to every span of the
 * request and rank right after the `fallom.*` attributes (SPEC §6.2).
 */
import type { FallomHeaders } from "../../domain/span-record.js";
import type { ConventionFields } from "./convention-fields.js";

/**
 * @example
 * mapFallomHeaders({ sessionId: "s-1" }).sessionId // "s-1"
 */
export function mapFallomHeaders(headers: FallomHeaders): ConventionFields {
  return {
    configKey: nonEmpty(headers.configKey),
    sessionId: nonEmpty(headers.sessionId),
    customerId: nonEmpty(headers.customerId),
    promptKey: nonEmpty(headers.promptKey),
    promptVersion: headers.promptVersion,
    promptAbTestKey: nonEmpty(headers.promptAbTest),
    promptVariantIndex: headers.promptVariant,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
