/**
 * The dashboard's pages (SPEC §1.5) as a typed union, matched from a pathname.
 */

export type SettingsTab = "general" | "api-keys" | "prices" | "privacy" | "export" | "users";
export const SETTINGS_TABS: readonly SettingsTab[] = [
  "general",
  "api-keys",
  "prices",
  "privacy",
  "export",
  "users",
];

export type Route =
  | { page: "login" }
  | { page: "setup" }
  | { page: "traces" }
  | { page: "trace"; traceId: string }
  | { page: "sessions" }
  | { page: "session"; sessionId: string }
  | { page: "customers" }
  | { page: "customer"; customerId: string }
  | { page: "analytics" }
  | { page: "settings"; tab: SettingsTab }
  | { page: "model-configs" }
  | { page: "model-config"; configKey: string }
  | { page: "prompts" }
  | { page: "prompt"; promptKey: string }
  | { page: "prompt-ab-test"; testKey: string }
  | { page: "home" }
  | { page: "not-found" };

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * @example matchRoute("/observability/traces/3c3e…") // { page: "trace", traceId: "3c3e…" }
 */
export function matchRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, "").split("/").filter(Boolean);
  const [first, second, third] = parts;
  if (parts.length === 0) return { page: "home" };
  if (first === "login" && parts.length === 1) return { page: "login" };
  if (first === "setup" && parts.length === 1) return { page: "setup" };
  if (first === "observability") {
    if (second === "traces") return third ? { page: "trace", traceId: decode(third) } : { page: "traces" };
    if (second === "sessions")
      return third ? { page: "session", sessionId: decode(third) } : { page: "sessions" };
    if (second === "customers")
      return third ? { page: "customer", customerId: decode(third) } : { page: "customers" };
    if (second === "analytics" && !third) return { page: "analytics" };
    if (!second) return { page: "home" };
  }
  if (first === "experiments") {
    if (!second) return { page: "model-configs" };
    if (second === "models" && parts.length <= 3)
      return third ? { page: "model-config", configKey: decode(third) } : { page: "model-configs" };
    // Prompt A/B tests live one level deeper, so a prompt and a test may share a key.
    if (second === "prompts" && third === "tests" && parts.length === 4)
      return { page: "prompt-ab-test", testKey: decode(parts[3] as string) };
    if (second === "prompts" && parts.length <= 3)
      return third ? { page: "prompt", promptKey: decode(third) } : { page: "prompts" };
  }
  if (first === "settings") {
    const tab = (second ?? "general") as SettingsTab;
    if (SETTINGS_TABS.includes(tab) && !third) return { page: "settings", tab };
  }
  return { page: "not-found" };
}

/** Path builders, so no page spells another page's URL by hand. */
export const paths = {
  traces: (query = "") => `/observability/traces${query ? `?${query}` : ""}`,
  trace: (traceId: string, spanId?: string) =>
    `/observability/traces/${encodeURIComponent(traceId)}${spanId ? `?span=${spanId}` : ""}`,
  sessions: () => "/observability/sessions",
  session: (sessionId: string) => `/observability/sessions/${encodeURIComponent(sessionId)}`,
  customers: () => "/observability/customers",
  customer: (customerId: string) => `/observability/customers/${encodeURIComponent(customerId)}`,
  analytics: () => "/observability/analytics",
  settings: (tab: SettingsTab = "general") => `/settings/${tab}`,
  modelConfigs: () => "/experiments/models",
  modelConfig: (configKey: string) => `/experiments/models/${encodeURIComponent(configKey)}`,
  prompts: () => "/experiments/prompts",
  prompt: (promptKey: string) => `/experiments/prompts/${encodeURIComponent(promptKey)}`,
  promptAbTest: (testKey: string) => `/experiments/prompts/tests/${encodeURIComponent(testKey)}`,
};
