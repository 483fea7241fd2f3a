/**
 * The zero-latency cache when the server misbehaves (SPEC §7.4): down at start (fallback, or a
 * clear error without one), back again (the next 30 s refresh serves real assignments), failing
 * later (the stale cache keeps serving), and no API key at all. A switchable proxy sits in front
 * of the real server; vitest fails the run on any unhandled rejection.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import fallom, { FallomError } from "../src/index.js";
import { api, eventually, type SwitchableProxy, startSwitchableProxy } from "./support/ab-admin.js";
import { type Harness, startHarness } from "./support/harness.js";

let harness: Harness;
let proxy: SwitchableProxy;

beforeAll(async () => {
  harness = await startHarness();
  proxy = await startSwitchableProxy(harness.server.url);
  await api(harness.server, "POST", "/api/v1/configs", {
    key: "resilient",
    variants: [{ model: "real-model", weight: 100 }],
  });
  await api(harness.server, "POST", "/api/v1/prompts", {
    key: "resilient-prompt",
    system_prompt: "You are {{ role }}.",
    user_template: "Hi {{name}}",
  });
});
beforeEach(() => {
  proxy.requests.length = 0;
});
afterEach(async () => {
  await fallom.shutdown();
  vi.useRealTimers();
  vi.restoreAllMocks();
  proxy.mode = "forward";
});
afterAll(async () => {
  await proxy.close();
  await harness.close();
});

/** Traces straight to the server; configs and prompts through the proxy. */
const initThroughProxy = (debug = false) =>
  fallom.init({
    apiKey: harness.server.apiKey,
    tracesUrl: harness.server.url,
    configsUrl: proxy.url,
    promptsUrl: proxy.url,
    debug,
  });

const configListFetches = () => proxy.requests.filter((request) => request === "GET /configs").length;

describe("server down at start", () => {
  it("returns the fallback, throws a clear error without one, and serves real assignments after the next refresh", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    proxy.mode = "refuse";
    await initThroughProxy();
    expect(await fallom.models.get("resilient", "s1", { fallback: "fallback-model" })).toBe("fallback-model");
    const error = await fallom.models.get("resilient", "s1").catch((e) => e);
    expect(error).toBeInstanceOf(FallomError);
    expect(error.code).toBe("config_not_found");
    expect(error.message).toMatch(/^Config 'resilient' not found \(the config list could not be fetched: /);
    const prompt = await fallom.prompts.get("resilient-prompt", {
      variables: { role: "kind" },
      fallback: { system: "Fallback {{role}}", user: "Hello" },
    });
    expect(prompt).toEqual({ key: "resilient-prompt", version: 0, system: "Fallback kind", user: "Hello" });
    await expect(fallom.prompts.get("resilient-prompt")).rejects.toThrow(
      /^Prompt 'resilient-prompt' not found/,
    );

    proxy.mode = "forward";
    const before = configListFetches();
    vi.advanceTimersByTime(30_000);
    const model = await eventually(async () => {
      if (configListFetches() === before) return undefined;
      const current = await fallom.models.get("resilient", "s1", { fallback: "fallback-model" });
      return current === "real-model" ? current : undefined;
    });
    expect(model).toBe("real-model");
    expect((await fallom.prompts.get("resilient-prompt", { variables: { role: "kind" } })).system).toBe(
      "You are kind.",
    );
  });

  it("a server that accepts but never answers: the blocked lookup gives up and returns the fallback", async () => {
    proxy.mode = "hang";
    await initThroughProxy();
    expect(await fallom.models.get("resilient", "s1", { fallback: "fallback-model" })).toBe("fallback-model");
    expect(configListFetches()).toBe(1);
  });

  it("a 503 from the server is handled like a network error", async () => {
    proxy.mode = "fail";
    await initThroughProxy();
    await expect(fallom.models.get("resilient", "s1")).rejects.toThrow(/→ 503/);
    expect(await fallom.models.get("resilient", "s1", { fallback: "fb" })).toBe("fb");
  });
});

describe("network use", () => {
  it("warm lookups make no request; concurrent misses share one list fetch; assignments are posted once", async () => {
    await initThroughProxy();
    // 30 concurrent lookups right after init: they all wait for the one fetch init started.
    const firstWave = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fallom.models.get(i % 2 ? "resilient" : "unknown-key", "warm-1", { fallback: "fb" }),
      ),
    );
    expect(new Set(firstWave)).toEqual(new Set(["real-model", "fb"]));
    expect(configListFetches()).toBe(1);
    const before = proxy.requests.length;
    for (let i = 0; i < 200; i += 1) await fallom.models.get("resilient", "warm-1");
    await fallom.prompts.get("resilient-prompt");
    await eventually(async () => (proxy.postedSessions.includes("warm-1") ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(proxy.requests.slice(before).filter((request) => request !== "POST /sessions")).toEqual([]);
    expect(proxy.postedSessions.filter((id) => id === "warm-1")).toHaveLength(1);
  });
});

describe("server failing later", () => {
  it("keeps serving the stale cache and logs the failed refresh with debug", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    await initThroughProxy(true);
    expect(await fallom.models.get("resilient", "s1")).toBe("real-model");
    expect((await fallom.prompts.get("resilient-prompt", { variables: { name: "Ann" } })).user).toBe(
      "Hi Ann",
    );

    proxy.mode = "fail";
    const before = configListFetches();
    const logsBefore = debug.mock.calls.length;
    vi.advanceTimersByTime(30_000);
    // The failure is logged once all three lists have settled.
    await eventually(async () =>
      debug.mock.calls.slice(logsBefore).some((call) => String(call[1]).startsWith("refresh failed"))
        ? true
        : undefined,
    );
    expect(configListFetches()).toBe(before + 1);
    expect(await fallom.models.get("resilient", "s2")).toBe("real-model");
    expect((await fallom.prompts.get("resilient-prompt", { variables: { name: "Bob" } })).user).toBe(
      "Hi Bob",
    );
    expect(debug.mock.calls.every((call) => call[0] === "[Fallom]")).toBe(true);
  });
});

describe("no API key", () => {
  it("models.get auto-initialises from the environment; without a key only the fallback can be returned", async () => {
    const saved = process.env.FALLOM_API_KEY;
    delete process.env.FALLOM_API_KEY;
    try {
      expect(await fallom.models.get("resilient", "s1", { fallback: "fb" })).toBe("fb");
      await expect(fallom.models.get("resilient", "s1")).rejects.toMatchObject({ code: "missing_api_key" });
      await expect(fallom.prompts.get("resilient-prompt")).rejects.toMatchObject({ code: "missing_api_key" });
    } finally {
      if (saved !== undefined) process.env.FALLOM_API_KEY = saved;
    }
  });

  it("auto-initialises from FALLOM_API_KEY and FALLOM_BASE_URL without init()", async () => {
    const saved = { key: process.env.FALLOM_API_KEY, url: process.env.FALLOM_BASE_URL };
    process.env.FALLOM_API_KEY = harness.server.apiKey;
    process.env.FALLOM_BASE_URL = harness.server.url;
    try {
      expect(await fallom.models.get("resilient", "s1")).toBe("real-model");
    } finally {
      for (const [name, value] of [
        ["FALLOM_API_KEY", saved.key],
        ["FALLOM_BASE_URL", saved.url],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
