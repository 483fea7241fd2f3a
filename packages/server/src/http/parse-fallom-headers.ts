import type { FallomHeaders } from "../domain/span-record.js";

function optionalInt(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}

/** Reads the X-Fallom-* context headers of SPEC §5.2 (the Mastra exporter sends them). */
export function parseFallomHeaders(get: (name: string) => string | undefined): FallomHeaders {
  const text = (name: string) => {
    const value = get(name)?.trim();
    return value ? value : undefined;
  };
  const headers: FallomHeaders = {};
  const assign = <K extends keyof FallomHeaders>(key: K, value: FallomHeaders[K] | undefined) => {
    if (value !== undefined) headers[key] = value;
  };
  assign("configKey", text("x-fallom-config-key"));
  assign("sessionId", text("x-fallom-session-id"));
  assign("customerId", text("x-fallom-customer-id"));
  assign("promptKey", text("x-fallom-prompt-key"));
  assign("promptVersion", optionalInt(get("x-fallom-prompt-version")));
  assign("promptAbTest", text("x-fallom-prompt-ab-test"));
  assign("promptVariant", optionalInt(get("x-fallom-prompt-variant")));
  return headers;
}
