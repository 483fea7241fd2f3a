import { describe, expect, it } from "vitest";
import { matchRoute, paths } from "./match-route.js";

describe("matchRoute", () => {
  it("matches every page of SPEC §1.5 and the settings tabs", () => {
    expect(matchRoute("/observability/traces")).toEqual({ page: "traces" });
    expect(matchRoute("/observability/traces/abc/")).toEqual({ page: "trace", traceId: "abc" });
    expect(matchRoute("/observability/sessions/s%201")).toEqual({ page: "session", sessionId: "s 1" });
    expect(matchRoute("/observability/customers/acme")).toEqual({ page: "customer", customerId: "acme" });
    expect(matchRoute("/settings/api-keys")).toEqual({ page: "settings", tab: "api-keys" });
    expect(matchRoute("/settings")).toEqual({ page: "settings", tab: "general" });
    expect(matchRoute("/")).toEqual({ page: "home" });
  });

  it("answers not-found for unknown paths and tabs", () => {
    expect(matchRoute("/settings/nope")).toEqual({ page: "not-found" });
    expect(matchRoute("/elsewhere")).toEqual({ page: "not-found" });
  });

  it("builds paths that match back to the same page", () => {
    expect(matchRoute(paths.session("a/b"))).toEqual({ page: "session", sessionId: "a/b" });
    expect(paths.trace("t1", "s1")).toBe("/observability/traces/t1?span=s1");
  });
});
