/**
 * The admin API (SPEC §5.8 admin rows) over real HTTP: API keys, price overrides with automatic
 * re-pricing of unpriced calls, cost recompute, project settings (store_content) and retention.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repriceStoredSpans } from "../src/create-admin-api.js";
import { runRetention, startRetentionTimer } from "../src/retention.js";
import { createApiKey, createProject, upsertPriceOverride } from "../src/store/index.js";
import {
  type EmbeddedPostgresHandle,
  startEmbeddedPostgres,
} from "../src/store/test-support/start-embedded-postgres.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const DAY_MS = 86_400_000;

let server: TestServer;
let otherKey: string;
let otherKeyId: string;

interface Call {
  model: string;
  input?: number;
  output?: number;
  /** ms since the epoch; default a minute ago. */
  at?: number;
  attributes?: Record<string, unknown>;
  tags?: string[];
}

function traceData(call: Call) {
  const start = call.at ?? Date.now() - 60_000;
  return {
    config_key: "admin-test",
    session_id: "s1",
    trace_id: hex(16),
    span_id: hex(8),
    name: "chat.completions.create",
    kind: "llm",
    model: call.model,
    start_time: new Date(start).toISOString(),
    end_time: new Date(start + 500).toISOString(),
    status: "OK",
    tags: call.tags ?? [],
    attributes: {
      "fallom.method": "chat.completions.create",
      "fallom.raw.usage": JSON.stringify({
        prompt_tokens: call.input ?? 100,
        completion_tokens: call.output ?? 10,
      }),
      "fallom.raw.request": JSON.stringify({ messages: [{ role: "user", content: "secret question" }] }),
      "fallom.raw.response": JSON.stringify({ text: "secret answer", finishReason: "stop" }),
      ...call.attributes,
    },
  };
}

async function request(method: string, path: string, body?: unknown, key = server.apiKey): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}

async function json<T = any>(method: string, path: string, body?: unknown, key?: string): Promise<T> {
  const response = await request(method, path, body, key);
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Ingests one call with `key` and returns its span id. */
async function ingest(call: Call, key = server.apiKey): Promise<string> {
  const body = traceData(call);
  const response = await request("POST", "/v1/traces", body, key);
  expect(response.status).toBe(200);
  return body.span_id;
}

const span = (spanId: string, query = "") => server.getJson(`/api/v1/spans/${spanId}${query}`);

// The same suite on both stores (SPEC §1.1: identical behaviour on SQLite and PostgreSQL).
describe.each(["sqlite", "postgres"] as const)("on %s", (backend) => {
  let postgres: EmbeddedPostgresHandle | undefined;

  beforeAll(async () => {
    if (backend === "postgres") postgres = await startEmbeddedPostgres();
    server = await startTestServer(postgres ? { databaseUrl: await postgres.createDatabase() } : {});
    const other = await createProject(server.server.database, { name: "other" });
    const created = await createApiKey(server.server.database, other.id, "other");
    otherKey = created.key;
    otherKeyId = created.id;
  });

  afterAll(async () => {
    await server?.close();
    await postgres?.stop();
  });

  describe("/api/v1/keys", () => {
    it("lists the project's keys with a display prefix and never a hash or plaintext", async () => {
      const { data } = await json("GET", "/api/v1/keys");
      expect(data).toHaveLength(1);
      expect(data[0]).toEqual({
        id: expect.stringMatching(/^key_/),
        name: "default",
        display_prefix: server.apiKey.slice(0, 8),
        created_at: expect.any(String),
        last_used_at: expect.any(String),
        revoked_at: null,
      });
      expect(JSON.stringify(data)).not.toContain(server.apiKey);
    });

    it("creates a key shown once, which ingests until it is revoked and then gets 401 at once", async () => {
      const response = await request("POST", "/api/v1/keys", { name: "ci" });
      expect(response.status).toBe(201);
      const created = (await response.json()) as { id: string; key: string; name: string; revoked_at: null };
      expect(created).toMatchObject({ name: "ci", revoked_at: null });
      expect(created.key).toMatch(/^flm_[A-Za-z0-9]{40}$/);

      const listed = await json("GET", "/api/v1/keys");
      expect(listed.data.map((key: { name: string }) => key.name)).toEqual(["default", "ci"]);
      expect(JSON.stringify(listed)).not.toContain(created.key);

      await ingest({ model: "gpt-4o" }, created.key);
      const revoked = await json("DELETE", `/api/v1/keys/${created.id}`);
      expect(revoked).toMatchObject({ id: created.id, revoked_at: expect.any(String) });

      const refused = await request("POST", "/v1/traces", traceData({ model: "gpt-4o" }), created.key);
      expect(refused.status).toBe(401);
      expect((await request("GET", "/api/v1/spans", undefined, created.key)).status).toBe(401);
      // Revoking again is harmless and keeps the first revocation time.
      expect(await json("DELETE", `/api/v1/keys/${created.id}`)).toEqual(revoked);
    });

    it("answers 404 for another project's key and leaves that key working", async () => {
      const response = await request("DELETE", `/api/v1/keys/${otherKeyId}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({
        code: "key_not_found",
        error: expect.stringContaining(otherKeyId),
      });
      expect((await request("DELETE", "/api/v1/keys/key_nope")).status).toBe(404);
      expect((await request("GET", "/api/v1/spans", undefined, otherKey)).status).toBe(200);
      const theirs = await json("GET", "/api/v1/keys", undefined, otherKey);
      expect(theirs.data.map((key: { id: string }) => key.id)).toEqual([otherKeyId]);
    });

    it("answers 400 naming the field for a key without a name, and 401 without a key", async () => {
      const response = await request("POST", "/api/v1/keys", {});
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: "invalid_body",
        error: expect.stringContaining("name"),
      });
      expect((await fetch(`${server.url}/api/v1/keys`)).status).toBe(401);
    });
  });

  describe("/api/v1/prices", () => {
    it("prices an unpriced model's calls when an override is saved, and lists it no longer as unpriced", async () => {
      const spanId = await ingest({ model: "acme-llm-1", input: 1_000_000, output: 500_000 });
      expect(await span(spanId)).toMatchObject({ cost_status: "unpriced", cost_usd: null });
      const before = await json("GET", "/api/v1/prices");
      expect(before.unpriced_models).toContainEqual(
        expect.objectContaining({ model: "acme-llm-1", calls: 1 }),
      );
      expect(before.price_data).toEqual({
        source: "@pydantic/genai-prices",
        version: expect.stringMatching(/^\d+\.\d+/),
      });

      const saved = await json("PUT", "/api/v1/prices", {
        model_pattern: "acme-llm-1",
        input_mtok: 2,
        output_mtok: 8,
      });
      expect(saved.repriced).toBe(1);
      expect(saved.override).toMatchObject({
        id: expect.any(String),
        model_pattern: "acme-llm-1",
        is_regex: false,
        provider: null,
        input_mtok: 2,
        output_mtok: 8,
        cache_read_mtok: null,
        tiers: null,
      });
      // 1,000,000 input tokens at $2/M = $2; 500,000 output tokens at $8/M = $4.
      expect(await span(spanId)).toMatchObject({
        cost_status: "computed",
        cost_usd: 6,
        input_cost_usd: 2,
        output_cost_usd: 4,
        price_ref: `override:${saved.override.id}`,
      });

      const after = await json("GET", "/api/v1/prices");
      expect(after.overrides).toContainEqual(saved.override);
      expect(after.unpriced_models.map((row: { model: string }) => row.model)).not.toContain("acme-llm-1");

      // The next ingested call is priced by the new row right away (the cached overrides were dropped).
      const next = await ingest({ model: "acme-llm-1", input: 500_000, output: 0 });
      expect(await span(next)).toMatchObject({ cost_status: "computed", cost_usd: 1 });
    });

    it("matches a regex override case-insensitively", async () => {
      const a = await ingest({ model: "acme-regex-a", input: 100_000, output: 100_000 });
      const b = await ingest({ model: "ACME-Regex-B", input: 100_000, output: 100_000 });
      const other = await ingest({ model: "not-acme-regex", input: 100_000, output: 100_000 });
      const saved = await json("PUT", "/api/v1/prices", {
        model_pattern: "^acme-regex-",
        is_regex: true,
        input_mtok: 1,
        output_mtok: 3,
      });
      expect(saved.repriced).toBe(2);
      for (const id of [a, b]) {
        // 100k × $1/M + 100k × $3/M
        expect(await span(id)).toMatchObject({
          cost_status: "computed",
          cost_usd: 0.4,
          price_ref: `override:${saved.override.id}`,
        });
      }
      expect(await span(other)).toMatchObject({ cost_status: "unpriced", cost_usd: null });
    });

    it("replaces an override by id and deletes it", async () => {
      const { override } = await json("PUT", "/api/v1/prices", {
        model_pattern: "acme-temp",
        input_mtok: 1,
        output_mtok: 1,
      });
      const replaced = await json("PUT", "/api/v1/prices", {
        ...override,
        input_mtok: 5,
      });
      expect(replaced.override).toMatchObject({ id: override.id, input_mtok: 5 });
      const listed = (await json("GET", "/api/v1/prices")).overrides.filter(
        (row: { id: string }) => row.id === override.id,
      );
      expect(listed).toHaveLength(1);

      expect(await json("DELETE", `/api/v1/prices/${override.id}`)).toEqual({
        id: override.id,
        deleted: true,
      });
      expect((await request("DELETE", `/api/v1/prices/${override.id}`)).status).toBe(404);
      const unknown = await request("PUT", "/api/v1/prices", {
        id: "price_nope",
        model_pattern: "x",
        input_mtok: 1,
        output_mtok: 1,
      });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ code: "price_not_found" });
    });

    it.each([
      ["model_pattern", { model_pattern: "", input_mtok: 1, output_mtok: 1 }],
      ["model_pattern", { input_mtok: 1, output_mtok: 1 }],
      ["model_pattern", { model_pattern: "(", is_regex: true, input_mtok: 1, output_mtok: 1 }],
      ["input_mtok", { model_pattern: "x", input_mtok: -1, output_mtok: 1 }],
      ["input_mtok", '{"model_pattern": "x", "input_mtok": 1e999, "output_mtok": 1}'],
      ["output_mtok", { model_pattern: "x", input_mtok: 1, output_mtok: "1" }],
      ["cache_read_mtok", { model_pattern: "x", input_mtok: 1, output_mtok: 1, cache_read_mtok: -0.5 }],
      [
        "tiers.0.above_input_tokens",
        { model_pattern: "x", input_mtok: 1, output_mtok: 1, tiers: [{ input_mtok: 1, output_mtok: 1 }] },
      ],
      ["tiers", { model_pattern: "x", input_mtok: 1, output_mtok: 1, tiers: "cheap" }],
      ["input_price", { model_pattern: "x", input_price: 1, input_mtok: 1, output_mtok: 1 }],
    ])("answers 400 naming %s for an invalid override", async (field, body) => {
      const response = await request("PUT", "/api/v1/prices", body);
      expect(response.status).toBe(400);
      const error = (await response.json()) as { error: string; code: string };
      expect(error.code).toBe("invalid_body");
      expect(error.error).toContain(field);
      expect(error.error).toContain("model_pattern"); // the accepted shape is shown
    });

    it("accepts tiers and answers 400 for a body that is not JSON", async () => {
      const saved = await json("PUT", "/api/v1/prices", {
        model_pattern: "acme-tiered",
        provider: "openai",
        input_mtok: 1,
        output_mtok: 2,
        tiers: [{ above_input_tokens: 200_000, input_mtok: 2, output_mtok: 4 }],
      });
      expect(saved.override).toMatchObject({
        provider: "openai",
        tiers: [
          {
            above_input_tokens: 200_000,
            input_mtok: 2,
            output_mtok: 4,
            cache_read_mtok: null,
            cache_write_mtok: null,
          },
        ],
      });
      const response = await request("PUT", "/api/v1/prices", "model_pattern=x");
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "invalid_json" });
    });
  });

  describe("POST /api/v1/costs/recompute", () => {
    it("re-prices computed calls with a new override, in a time range, and leaves provider costs alone", async () => {
      const base = Date.now() - 3 * 60 * 60_000;
      const early = await ingest({ model: "gpt-4o-mini", input: 1000, output: 100, at: base });
      const late = await ingest({ model: "gpt-4o-mini", input: 1000, output: 100, at: base + 60 * 60_000 });
      const reported = await ingest({
        model: "gpt-4o-mini",
        input: 1000,
        output: 100,
        at: base,
        attributes: { "fallom.cost.reported_usd": 0.5 },
      });
      const packagePrice = await span(early);
      expect(packagePrice).toMatchObject({
        cost_status: "computed",
        price_ref: expect.stringMatching(/^genai-prices/),
      });
      expect(await span(reported)).toMatchObject({ cost_status: "provider", cost_usd: 0.5 });

      const saved = await json("PUT", "/api/v1/prices", {
        model_pattern: "gpt-4o-mini",
        input_mtok: 10,
        output_mtok: 20,
      });
      expect(saved.repriced).toBe(0); // saving re-prices unpriced calls only (SPEC §4.3 step 4)
      expect((await span(early)).cost_usd).toBe(packagePrice.cost_usd);

      const ranged = await json("POST", "/api/v1/costs/recompute", {
        model: "gpt-4o-mini",
        from: new Date(base - 1000).toISOString(),
        to: base + 1000,
      });
      expect(ranged).toEqual({ repriced: 1, changed: 1 });
      // 1,000 × $10/M + 100 × $20/M
      expect(await span(early)).toMatchObject({
        cost_status: "computed",
        cost_usd: 0.012,
        price_ref: `override:${saved.override.id}`,
      });
      expect((await span(late)).cost_usd).toBe(packagePrice.cost_usd);

      const all = await json("POST", "/api/v1/costs/recompute", {});
      expect(all.changed).toBe(1); // only `late` changes now
      expect(all.repriced).toBeGreaterThanOrEqual(2);
      expect((await span(late)).cost_usd).toBe(0.012);
      expect(await span(reported)).toMatchObject({ cost_status: "provider", cost_usd: 0.5, price_ref: null });

      // With no body at all, nothing is left to change.
      const again = await fetch(`${server.url}/api/v1/costs/recompute`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.apiKey}` },
      });
      expect(await again.json()).toMatchObject({ changed: 0 });
    });

    it("pages through the range in batches", async () => {
      const spans: string[] = [];
      for (let i = 0; i < 5; i += 1)
        spans.push(await ingest({ model: "acme-paged", input: 1_000_000, output: 0 }));
      // Saved in the store directly, so the automatic re-pricing of unpriced calls does not run.
      const row = await upsertPriceOverride(server.server.database, "default", {
        model_pattern: "acme-paged",
        input_mtok: 3,
        output_mtok: 0,
      });
      // Every override of the project, as a recompute uses them.
      const { overrides } = await json("GET", "/api/v1/prices");
      expect(overrides).toContainEqual(row);
      const result = await repriceStoredSpans(
        server.server.database,
        "default",
        {},
        ["computed", "unpriced"],
        overrides,
        2,
      );
      expect(result.changed).toBe(5);
      expect(result.repriced).toBeGreaterThan(5);
      for (const id of spans) expect(await span(id)).toMatchObject({ cost_status: "computed", cost_usd: 3 });
      await json("DELETE", `/api/v1/prices/${row.id}`);
    });

    it("puts calls back on the package price once their override is deleted", async () => {
      const spanId = await ingest({ model: "gpt-4o", input: 1000, output: 100 });
      const packagePrice = (await span(spanId)).cost_usd;
      const { override } = await json("PUT", "/api/v1/prices", {
        model_pattern: "gpt-4o",
        input_mtok: 100,
        output_mtok: 100,
      });
      await json("POST", "/api/v1/costs/recompute", { model: "gpt-4o" });
      expect((await span(spanId)).cost_usd).toBe(0.11);
      await json("DELETE", `/api/v1/prices/${override.id}`);
      await json("POST", "/api/v1/costs/recompute", { model: "gpt-4o" });
      expect(await span(spanId)).toMatchObject({
        cost_usd: packagePrice,
        price_ref: expect.stringMatching(/^genai-prices/),
      });
    });

    it.each([
      ["from", { from: "yesterday" }],
      ["model", { model: "" }],
      ["until", { until: "2026-01-01" }],
      ['"from" must be before "to"', { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }],
    ])("answers 400 naming %s", async (field, body) => {
      const response = await request("POST", "/api/v1/costs/recompute", body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toContain(field);
    });
  });

  describe("/api/v1/settings", () => {
    it("shows and changes the project's settings", async () => {
      expect(await json("GET", "/api/v1/settings")).toEqual({
        name: "default",
        store_content: true,
        retention_days: null,
        price_data: expect.objectContaining({ source: "bundled" }),
      });
      expect(await json("PATCH", "/api/v1/settings", { name: "production", retention_days: 90 })).toEqual({
        name: "production",
        store_content: true,
        retention_days: 90,
      });
      expect(await json("PATCH", "/api/v1/settings", { name: "default", retention_days: null })).toEqual({
        name: "default",
        store_content: true,
        retention_days: null,
      });
    });

    it("stores the next span without content once store_content is off", async () => {
      const withContent = await ingest({ model: "gpt-4o" }); // also warms the key → project cache
      const full = await span(withContent, "?include=content");
      expect(full.raw_request).toEqual({ messages: [{ role: "user", content: "secret question" }] });
      expect(full.input_messages).not.toBeNull();

      expect(await json("PATCH", "/api/v1/settings", { store_content: false })).toMatchObject({
        store_content: false,
      });
      try {
        const withoutContent = await ingest({ model: "gpt-4o" });
        const stored = await span(withoutContent, "?include=content");
        expect(stored).toMatchObject({
          input_messages: null,
          output_messages: null,
          system_instructions: null,
          raw_request: null,
          raw_response: null,
          input_tokens: 100,
          cost_status: "computed",
        });
        expect(stored.attributes).not.toHaveProperty("fallom.raw.request");
        expect(stored.attributes).not.toHaveProperty("fallom.raw.response");
        expect(JSON.stringify(stored)).not.toContain("secret");
      } finally {
        await json("PATCH", "/api/v1/settings", { store_content: true });
      }
    });

    it.each([
      ["retention_days", { retention_days: 0 }],
      ["retention_days", { retention_days: 1.5 }],
      ["store_content", { store_content: "no" }],
      ["name", { name: " " }],
      ["retain", { retain: 3 }],
    ])("answers 400 naming %s", async (field, body) => {
      const response = await request("PATCH", "/api/v1/settings", body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toContain(field);
    });
  });

  describe("retention", () => {
    it("deletes a project's spans, content and tags older than its retention days", async () => {
      const project = await createProject(server.server.database, { name: "retained" });
      const { key } = await createApiKey(server.server.database, project.id, "retained");
      const old = await ingest({ model: "gpt-4o", at: Date.now() - 40 * DAY_MS, tags: ["old"] }, key);
      const recent = await ingest({ model: "gpt-4o", at: Date.now() - 2 * DAY_MS, tags: ["recent"] }, key);
      expect(await json("PATCH", "/api/v1/settings", { retention_days: 30 }, key)).toMatchObject({
        retention_days: 30,
      });

      const run = await runRetention(server.server.database);
      expect(run.deleted[project.id]).toBe(1);
      expect(run.deleted).not.toHaveProperty("default"); // no retention set there

      const { data } = await json("GET", "/api/v1/spans", undefined, key);
      expect(data.map((row: { span_id: string }) => row.span_id)).toEqual([recent]);
      const kysely = server.server.database.kysely;
      for (const table of ["span_content", "span_tags"] as const) {
        const rows = await kysely
          .selectFrom(table)
          .select("span_id")
          .where("project_id", "=", project.id)
          .execute();
        expect(rows.map((row) => row.span_id)).not.toContain(old);
        expect(rows.map((row) => row.span_id)).toContain(recent);
      }
    });

    it("runs at once when the timer starts, and stops cleanly", async () => {
      const project = await createProject(server.server.database, { name: "timed" });
      const { key } = await createApiKey(server.server.database, project.id, "timed");
      await ingest({ model: "gpt-4o", at: Date.now() - 10 * DAY_MS }, key);
      await json("PATCH", "/api/v1/settings", { retention_days: 7 }, key);
      const lines: string[] = [];
      const timer = startRetentionTimer(server.server.database, { log: (line) => lines.push(line) });
      await timer.stop(); // waits for the run that started with the timer
      expect(lines).toEqual(["Retention deleted 1 span(s) older than their project's retention."]);
      expect((await json("GET", "/api/v1/spans", undefined, key)).data).toEqual([]);
    });
  });
});
