/**
 * `models.get` and `session.getModel()` against the real server (SPEC §7): configs created through
 * `/api/v1/configs`, every assignment compared with the server's own `assignVariant` (built from
 * the same protocol vectors), targeting through sessions (defect §10.8), version pinning, rollback
 * picked up by the 30 s refresh, `POST /sessions` rows, and the assignment on the session's spans.
 */
import { randomBytes } from "node:crypto";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { assignVariant } from "../../server/dist/domain/ab/assign-variant.js";
import { decodeOtlpProtobuf } from "../../server/dist/ingest/decode-otlp-protobuf.js";
import fallom, { FallomError, isFallomError } from "../src/index.js";
import { api, eventually, sessionAssignments } from "./support/ab-admin.js";
import { type Harness, startHarness } from "./support/harness.js";
import { startSink } from "./support/sink.js";
import { uniqueSessionId } from "./support/stainless.js";

let harness: Harness;

const targeted = {
  key: "ts-ab",
  variants: [
    { model: "gpt-4o", weight: 45.5 },
    { model: "claude-sonnet-4-20250514", weight: 24.5 },
    { model: "gpt-4o-mini", weight: 20 },
  ],
  targeting: {
    enabled: true,
    individualTargets: [{ field: "customerId", value: "vip-1", variantIndex: 2 }],
    rules: [
      {
        conditions: [
          { field: "plan", operator: "in", value: ["pro", "team"] },
          { field: "region", operator: "startsWith", value: "eu" },
        ],
        variantIndex: 1,
      },
      { conditions: [{ field: "email", operator: "endsWith", value: ".edu" }], variantIndex: 0 },
      { conditions: [{ field: "seats", operator: "eq", value: "10" }], variantIndex: 2 },
      { conditions: [{ field: "beta", operator: "eq", value: "true" }], variantIndex: 0 },
      { conditions: [{ field: "name", operator: "contains", value: "ü" }], variantIndex: 1 },
      { conditions: [{ field: "tier", operator: "nin", value: ["free", "trial"] }], variantIndex: 2 },
      { conditions: [{ field: "country", operator: "neq", value: "US" }], variantIndex: 0 },
    ],
  },
};

beforeAll(async () => {
  harness = await startHarness();
  await api(harness.server, "POST", "/api/v1/configs", {
    key: targeted.key,
    variants: [{ model: "v1-only", weight: 100 }],
  });
  await api(harness.server, "POST", `/api/v1/configs/${targeted.key}/versions`, {
    variants: targeted.variants,
    targeting: targeted.targeting,
  });
});
afterEach(async () => {
  await fallom.shutdown();
  vi.useRealTimers();
});
afterAll(async () => {
  await harness.close();
});

const init = () => fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });

/** The server's wire config (`GET /configs`), exactly what the SDK caches. */
async function wireConfig(key: string) {
  const response = await fetch(`${harness.server.url}/configs`, {
    headers: { authorization: `Bearer ${harness.server.apiKey}` },
  });
  const { configs } = (await response.json()) as { configs: Array<{ key: string }> };
  const config = configs.find((entry) => entry.key === key);
  if (!config) throw new Error(`config ${key} is not served`);
  return config as unknown as Parameters<typeof assignVariant>[0] & { version: number };
}

const sessionIds = [
  "session-123",
  "user-123",
  "session-xyz",
  "conv-1",
  "a",
  "",
  "séance-ü",
  "会话-42",
  "🙂",
  "user@example.com",
  ...Array.from({ length: 300 }, () => randomBytes(9).toString("base64url")),
];

const contexts: Array<{ customerId?: string; metadata?: Record<string, string | number | boolean> }> = [
  {},
  { customerId: "vip-1" },
  { customerId: "vip-1", metadata: { plan: "pro", region: "eu-west" } },
  { customerId: "someone", metadata: { plan: "pro", region: "eu-west" } },
  { metadata: { plan: "pro", region: "us" } },
  { metadata: { email: "ann@uni.edu" } },
  { metadata: { seats: 10 } },
  { metadata: { beta: true } },
  { metadata: { beta: false, name: "Jürgen" } },
  { metadata: { tier: "enterprise" } },
  { metadata: { tier: "free", country: "DE" } },
  { metadata: { country: "US", customerId: "vip-1" } },
];

describe("models.get agrees with the server", () => {
  it("on every session id and targeting context, top level and through sessions", async () => {
    await init();
    const config = await wireConfig(targeted.key);
    expect(config.version).toBe(2);
    let compared = 0;
    const seenVia = new Set<string>();
    for (const context of contexts) {
      const stringContext = Object.fromEntries(
        Object.entries(context.metadata ?? {}).map(([key, value]) => [key, String(value)]),
      );
      for (const sessionId of sessionIds) {
        const expected = assignVariant(config, sessionId, {
          ...(context.customerId !== undefined ? { customerId: context.customerId } : {}),
          context: stringContext,
        });
        seenVia.add(expected.via);
        const direct = await fallom.models.get(targeted.key, sessionId, {
          ...(context.customerId !== undefined ? { customerId: context.customerId } : {}),
          context: stringContext,
        });
        expect(direct, `${sessionId} ${JSON.stringify(context)}`).toBe(expected.model);
        if (sessionId !== "") {
          const session = fallom.session({ configKey: targeted.key, sessionId, ...context });
          expect(await session.getModel(), `session ${sessionId} ${JSON.stringify(context)}`).toBe(
            expected.model,
          );
        }
        compared += 1;
      }
    }
    expect(compared).toBe(sessionIds.length * contexts.length);
    expect([...seenVia].sort()).toEqual(["hash", "individual_target", "rule"]);
  });

  it("individual target beats rules beats weights, through session.getModel (customerId and metadata)", async () => {
    await init();
    const rule = { plan: "team", region: "eu-central" };
    // The hash alone would give this session variant 0 (gpt-4o), so each step is visible.
    const sessionId = "session-123";
    expect(await fallom.models.get(targeted.key, sessionId)).toBe("gpt-4o");
    const viaRule = fallom.session({ configKey: targeted.key, sessionId, customerId: "x", metadata: rule });
    expect(await viaRule.getModel()).toBe("claude-sonnet-4-20250514");
    const viaTarget = fallom.session({
      configKey: targeted.key,
      sessionId,
      customerId: "vip-1",
      metadata: rule,
    });
    expect(await viaTarget.getModel()).toBe("gpt-4o-mini");
    // Per-call context is merged over the session metadata.
    expect(await viaRule.getModel({ context: { region: "us" } })).toBe("gpt-4o");
  });

  it("the same session always gets the same variant, and pinned versions come from the server", async () => {
    await init();
    const sessionId = uniqueSessionId("sticky");
    const first = await fallom.models.get(targeted.key, sessionId);
    for (let i = 0; i < 20; i += 1) expect(await fallom.models.get(targeted.key, sessionId)).toBe(first);
    expect(await fallom.models.get(targeted.key, sessionId, { version: 1 })).toBe("v1-only");
    expect(await fallom.models.get(targeted.key, sessionId, { version: 2 })).toBe(first);
    const missing = await fallom.models.get(targeted.key, sessionId, { version: 99 }).catch((error) => error);
    expect(isFallomError(missing)).toBe(true);
    expect((missing as FallomError).code).toBe("config_version_not_found");
    expect((missing as Error).message).toMatch(/^Config 'ts-ab' version 99 not found/);
    expect(await fallom.models.get(targeted.key, sessionId, { version: 99, fallback: "fb" })).toBe("fb");
  });

  it("an unknown config throws a clear FallomError, or returns the fallback", async () => {
    await init();
    const error = await fallom.models.get("no-such-config", "s1").catch((e) => e);
    expect(error).toBeInstanceOf(FallomError);
    expect(error.code).toBe("config_not_found");
    expect(error.message).toMatch(/^Config 'no-such-config' not found/);
    expect(await fallom.models.get("no-such-config", "s1", { fallback: "gpt-4o-mini" })).toBe("gpt-4o-mini");
    await expect(fallom.models.get("", "s1")).rejects.toThrow(/configKey must be a non-empty string/);
    await expect(fallom.models.get(targeted.key, "s1", { version: 1.5 })).rejects.toThrow(/whole number/);
  });

  it("a config created after init is found by the blocking fetch on a miss", async () => {
    await init();
    await fallom.models.get(targeted.key, "warm"); // the init fetch has settled
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const key = `late-${randomBytes(4).toString("hex")}`;
    await api(harness.server, "POST", "/api/v1/configs", {
      key,
      variants: [{ model: "late-model", weight: 100 }],
    });
    expect(await fallom.models.get(key, "s1")).toBe("late-model");
  });
});

describe("rollback", () => {
  it("making an old version current reaches the SDK at the next 30 s refresh", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const key = `rollback-${randomBytes(4).toString("hex")}`;
    await api(harness.server, "POST", "/api/v1/configs", {
      key,
      variants: [{ model: "old-model", weight: 100 }],
    });
    await api(harness.server, "POST", `/api/v1/configs/${key}/versions`, {
      variants: [{ model: "new-model", weight: 100 }],
    });
    await init();
    expect(await fallom.models.get(key, "s1")).toBe("new-model");
    await api(harness.server, "POST", `/api/v1/configs/${key}/current`, { version: 1 });
    // Still the cached current version until the refresh runs.
    expect(await fallom.models.get(key, "s1")).toBe("new-model");
    vi.advanceTimersByTime(30_000);
    const model = await eventually(async () => {
      const current = await fallom.models.get(key, "s1");
      return current === "old-model" ? current : undefined;
    });
    expect(model).toBe("old-model");
    // The version seen before stays cached for pinning.
    expect(await fallom.models.get(key, "s1", { version: 2 })).toBe("new-model");
  });
});

describe("assignment recording", () => {
  it("POST /sessions records real assignments (once per session and version), never fallbacks", async () => {
    await init();
    const real = uniqueSessionId("recorded");
    const viaFallback = uniqueSessionId("fallback");
    const model = await fallom.models.get(targeted.key, real);
    await fallom.models.get(targeted.key, real);
    await fallom.models.get("no-such-config", viaFallback, { fallback: "fb" });
    const rows = await eventually(async () => {
      const found = await sessionAssignments(harness.server, real);
      return found.length > 0 ? found : undefined;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ config_key: targeted.key, config_version: 2, assigned_model: model });
    expect(await sessionAssignments(harness.server, viaFallback)).toEqual([]);
  });

  it("session.getModel puts the config version and variant index on the session's later spans", async () => {
    // Traces go to a local sink so the exact OTLP attributes can be read (the server keeps
    // fallom.* attributes as fields, not in `attributes`); configs still come from the server.
    const sink = await startSink();
    try {
      await fallom.init({
        apiKey: harness.server.apiKey,
        tracesUrl: sink.url,
        configsUrl: harness.server.url,
        promptsUrl: harness.server.url,
      });
      const client = new OpenAI({ apiKey: "test", baseURL: `${harness.mock.url}/v1`, maxRetries: 0 });
      const assigned = fallom.session({
        configKey: targeted.key,
        sessionId: "assigned",
        customerId: "vip-1",
      });
      const otherConfig = fallom.session({
        configKey: "another-config",
        sessionId: "other",
        customerId: "vip-1",
      });
      const plain = fallom.session({ configKey: targeted.key, sessionId: "plain" });
      const model = await assigned.getModel();
      expect(model).toBe("gpt-4o-mini");
      // Another config's assignment does not describe spans carrying this session's config key.
      expect(await otherConfig.getModel(targeted.key)).toBe("gpt-4o-mini");
      const call = (session: typeof plain) =>
        session
          .wrapOpenAI(client)
          .chat.completions.create({ model, messages: [{ role: "user", content: "Hi" }] });
      await Promise.all([call(assigned), call(otherConfig), call(plain)]);
      await fallom.flush();
      const spans = sink.requests.flatMap((request) => decodeOtlpProtobuf(request.body).spans);
      const bySession = (id: string) => spans.find((span) => span.attributes["fallom.session_id"] === id);
      expect(bySession("assigned")?.attributes).toMatchObject({
        "fallom.config_key": targeted.key,
        "fallom.model_config_version": 2,
        "fallom.model_variant_index": 2,
      });
      for (const id of ["other", "plain"]) {
        expect(bySession(id)?.attributes["fallom.model_config_version"]).toBeUndefined();
        expect(bySession(id)?.attributes["fallom.model_variant_index"]).toBeUndefined();
      }
    } finally {
      await fallom.shutdown();
      await sink.close();
    }
  });
});
