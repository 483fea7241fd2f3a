/**
 * Contract: projects and keys, settings, custom metrics, assignments, media, price overrides,
 * re-pricing and retention.
 */
import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  countApiKeys,
  createApiKey,
  findProjectByKey,
  listApiKeys,
  revokeApiKey,
} from "../../api-key-repository.js";
import { getCustomMetrics, upsertCustomMetrics } from "../../custom-metrics-repository.js";
import { insertSpans } from "../../insert-spans.js";
import { getMedia, insertMedia } from "../../media-repository.js";
import { openDatabase } from "../../open-database.js";
import {
  deletePriceOverride,
  listPriceOverrides,
  upsertPriceOverride,
} from "../../price-override-repository.js";
import {
  DEFAULT_PROJECT_ID,
  ensureDefaultProject,
  getProjectSettings,
  listProjects,
  updateProjectSettings,
} from "../../project-repository.js";
import { listSessionAssignments, upsertSessionAssignment } from "../../session-assignment-repository.js";
import { getSpan, listSpans } from "../../span-queries.js";
import {
  deleteSpansOlderThan,
  listSpansForRepricing,
  listUnpricedModels,
  updateSpanCost,
} from "../../span-repository.js";
import { BASE_TIME, makeSpan } from "../make-span.js";
import type { ContractContext } from "./contract-context.js";

const SECOND = 1_000_000;

export function repositoryCases(ctx: ContractContext): void {
  describe("projects and keys", () => {
    test("the default project is created once, however often it is ensured", async () => {
      const [a, b] = await Promise.all([
        ensureDefaultProject(ctx.database()),
        ensureDefaultProject(ctx.database()),
      ]);
      expect(a).toEqual(b);
      expect(a).toMatchObject({ id: DEFAULT_PROJECT_ID, store_content: true, retention_days: null });
      expect((await listProjects(ctx.database())).filter((p) => p.id === DEFAULT_PROJECT_ID)).toHaveLength(1);
    });

    test("a generated key is flm_ + 40 alphanumerics, stored only as a SHA-256 hash", async () => {
      const projectId = await ctx.newProject();
      const created = await createApiKey(ctx.database(), projectId, "ci");
      expect(created.key).toMatch(/^flm_[A-Za-z0-9]{40}$/);
      expect(created.display_prefix).toBe(created.key.slice(0, 8));
      const stored = await ctx
        .database()
        .kysely.selectFrom("api_keys")
        .selectAll()
        .where("id", "=", created.id)
        .executeTakeFirstOrThrow();
      expect(stored.key_hash).toBe(createHash("sha256").update(created.key).digest("hex"));
      expect(JSON.stringify(stored)).not.toContain(created.key);
      const listed = await listApiKeys(ctx.database(), projectId);
      expect(listed).toEqual([
        {
          id: created.id,
          project_id: projectId,
          name: "ci",
          display_prefix: created.display_prefix,
          created_at: created.created_at,
          last_used_at: null,
          revoked_at: null,
        },
      ]);
    });

    test("a key finds its project, imported keys of any format work, revoked keys stop at once", async () => {
      const projectId = await ctx.newProject();
      const generated = await createApiKey(ctx.database(), projectId, "app");
      const imported = await createApiKey(ctx.database(), projectId, "old", "sk-legacy_key.with:odd/chars");
      expect(await countApiKeys(ctx.database(), projectId)).toBe(2);
      for (const key of [generated.key, imported.key]) {
        expect((await findProjectByKey(ctx.database(), key))?.project).toMatchObject({
          id: projectId,
          store_content: true,
        });
      }
      expect(await findProjectByKey(ctx.database(), "flm_unknown")).toBeNull();
      expect(await revokeApiKey(ctx.database(), projectId, generated.id)).toBe(true);
      expect(await revokeApiKey(ctx.database(), projectId, generated.id)).toBe(false);
      expect(await findProjectByKey(ctx.database(), generated.key)).toBeNull();
      expect(await countApiKeys(ctx.database(), projectId)).toBe(1);
      // Revoking needs the key's own project.
      expect(await revokeApiKey(ctx.database(), await ctx.newProject(), imported.id)).toBe(false);
    });

    test("last_used_at is written on use, at most once a minute", async () => {
      const projectId = await ctx.newProject();
      const { key, id } = await createApiKey(ctx.database(), projectId, "app");
      await findProjectByKey(ctx.database(), key);
      const [first] = await listApiKeys(ctx.database(), projectId);
      expect(first?.last_used_at).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await findProjectByKey(ctx.database(), key);
      const [second] = await listApiKeys(ctx.database(), projectId);
      expect(second?.last_used_at).toBe(first?.last_used_at);
      expect(second?.id).toBe(id);
    });

    test("project settings are read and updated", async () => {
      const projectId = await ctx.newProject();
      expect(await getProjectSettings(ctx.database(), projectId)).toEqual({
        store_content: true,
        retention_days: null,
      });
      expect(await updateProjectSettings(ctx.database(), projectId, { store_content: false })).toEqual({
        store_content: false,
        retention_days: null,
      });
      expect(await updateProjectSettings(ctx.database(), projectId, { retention_days: 30 })).toEqual({
        store_content: false,
        retention_days: 30,
      });
      expect(await getProjectSettings(ctx.database(), "no-such-project")).toBeNull();
    });
  });

  describe("custom metrics and assignments", () => {
    test("custom metrics merge per field, the latest value winning", async () => {
      const projectId = await ctx.newProject();
      await upsertCustomMetrics(ctx.database(), projectId, "checkout", "s-1", {
        revenue: 10,
        converted: false,
      });
      await upsertCustomMetrics(ctx.database(), projectId, "checkout", "s-1", {
        converted: true,
        plan: "pro",
      });
      await upsertCustomMetrics(ctx.database(), projectId, "search", "s-1", { clicks: 3 });
      const metrics = await getCustomMetrics(ctx.database(), projectId, "s-1");
      expect(metrics.map((m) => [m.config_key, m.data])).toEqual([
        ["checkout", { revenue: 10, converted: true, plan: "pro" }],
        ["search", { clicks: 3 }],
      ]);
      expect(await getCustomMetrics(ctx.database(), projectId, "s-1", "search")).toHaveLength(1);
      expect(await getCustomMetrics(ctx.database(), await ctx.newProject(), "s-1")).toEqual([]);
    });

    test("an assignment upsert keeps first_seen and moves last_seen, version and model", async () => {
      const projectId = await ctx.newProject();
      const base = { config_key: "summarizer", session_id: "s-1" };
      await upsertSessionAssignment(ctx.database(), projectId, {
        ...base,
        config_version: 1,
        assigned_model: "gpt-4o",
        seen_at: "2025-06-15T12:00:00.000Z",
      });
      await upsertSessionAssignment(ctx.database(), projectId, {
        ...base,
        config_version: 2,
        assigned_model: "claude-sonnet-4-20250514",
        seen_at: "2025-06-15T13:00:00.000Z",
      });
      expect(await listSessionAssignments(ctx.database(), projectId, "s-1")).toEqual([
        {
          ...base,
          config_version: 2,
          assigned_model: "claude-sonnet-4-20250514",
          first_seen: "2025-06-15T12:00:00.000Z",
          last_seen: "2025-06-15T13:00:00.000Z",
        },
      ]);
    });
  });

  describe("media and prices", () => {
    test("a media row is stored once per project and hash", async () => {
      const projectId = await ctx.newProject();
      const sha256 = "a".repeat(64);
      await insertMedia(ctx.database(), projectId, [{ sha256, mime_type: "image/png", size: 1234 }]);
      await insertMedia(ctx.database(), projectId, [{ sha256, mime_type: "image/jpeg", size: 1 }]);
      expect(await getMedia(ctx.database(), projectId, sha256)).toMatchObject({
        mime_type: "image/png",
        size: 1234,
      });
      expect(await getMedia(ctx.database(), await ctx.newProject(), sha256)).toBeNull();
    });

    test("price overrides are created, replaced, listed and deleted", async () => {
      const projectId = await ctx.newProject();
      const created = await upsertPriceOverride(ctx.database(), projectId, {
        model_pattern: "^my-llm-.*$",
        is_regex: true,
        input_mtok: 1.5,
        output_mtok: 6,
        tiers: [{ above_tokens: 200_000, input_mtok: 3 }],
      });
      expect(created).toMatchObject({ provider: null, cache_read_mtok: null, is_regex: true });
      const replaced = await upsertPriceOverride(ctx.database(), projectId, {
        id: created.id,
        model_pattern: "my-llm",
        provider: "local",
        input_mtok: 0,
        output_mtok: 0,
        cache_read_mtok: 0,
      });
      expect(await listPriceOverrides(ctx.database(), projectId)).toEqual([replaced]);
      expect(replaced).toMatchObject({ is_regex: false, tiers: null, input_mtok: 0, cache_read_mtok: 0 });
      expect(await listPriceOverrides(ctx.database(), await ctx.newProject())).toEqual([]);
      expect(await deletePriceOverride(ctx.database(), projectId, created.id)).toBe(true);
      expect(await listPriceOverrides(ctx.database(), projectId)).toEqual([]);
    });

    test("re-pricing lists computed and unpriced calls in range, pages by key, never touches provider costs", async () => {
      const projectId = await ctx.newProject();
      const unpriced = Array.from({ length: 3 }, (_, i) =>
        makeSpan({ model: "mystery", cost_usd: null, cost_status: "unpriced", start_time: BASE_TIME + i }),
      );
      const computed = makeSpan({ model: "gpt-4o", start_time: BASE_TIME });
      const provider = makeSpan({ model: "mystery", cost_status: "provider", reported_cost_usd: 0.1 });
      const old = makeSpan({
        model: "mystery",
        cost_status: "unpriced",
        cost_usd: null,
        start_time: BASE_TIME - SECOND,
      });
      await insertSpans(ctx.database(), projectId, [...unpriced, computed, provider, old]);

      expect(await listUnpricedModels(ctx.database(), projectId)).toEqual([
        { model: "mystery", provider: "openai", calls: 4 },
      ]);
      const range = { from: BASE_TIME, model: "mystery" };
      const page1 = await listSpansForRepricing(ctx.database(), projectId, range, ["computed", "unpriced"], {
        limit: 2,
      });
      const last = page1.at(-1);
      const page2 = await listSpansForRepricing(ctx.database(), projectId, range, undefined, {
        limit: 2,
        ...(last ? { after: last } : {}),
      });
      expect([...page1, ...page2].map((c) => c.span_id).sort()).toEqual(
        unpriced.map((s) => s.span_id).sort(),
      );
      expect(page1[0]).toMatchObject({ model: "mystery", input_tokens: 100, cost_status: "unpriced" });
      expect(await listSpansForRepricing(ctx.database(), projectId, {}, ["provider"])).toEqual([]);

      const cost = { cost_usd: 0.25, input_cost_usd: 0.2, output_cost_usd: 0.05, price_ref: "override:x" };
      const changed = await updateSpanCost(ctx.database(), projectId, [
        {
          trace_id: unpriced[0]?.trace_id as string,
          span_id: unpriced[0]?.span_id as string,
          ...cost,
          cost_status: "computed",
        },
        { trace_id: provider.trace_id, span_id: provider.span_id, ...cost, cost_status: "computed" },
      ]);
      expect(changed).toBe(1);
      expect(await getSpan(ctx.database(), projectId, unpriced[0]?.span_id as string)).toMatchObject({
        ...cost,
        cost_status: "computed",
      });
      expect(await getSpan(ctx.database(), projectId, provider.span_id)).toMatchObject({
        cost_status: "provider",
        cost_usd: provider.cost_usd,
      });
    });
  });

  describe("retention and migrations", () => {
    test("old spans go with their content and tags; newer spans and other projects stay", async () => {
      const projectId = await ctx.newProject();
      const otherProject = await ctx.newProject();
      const old = Array.from({ length: 5 }, (_, i) => makeSpan({ start_time: BASE_TIME + i, tags: ["x"] }));
      const fresh = makeSpan({ start_time: BASE_TIME + SECOND, tags: ["x"] });
      await insertSpans(ctx.database(), projectId, [...old, fresh]);
      await insertSpans(ctx.database(), otherProject, [makeSpan({ start_time: BASE_TIME })]);
      expect(await deleteSpansOlderThan(ctx.database(), projectId, BASE_TIME + SECOND, 2)).toBe(5);
      expect(
        (await listSpans(ctx.database(), projectId, { tags: ["x"] })).data.map((s) => s.span_id),
      ).toEqual([fresh.span_id]);
      const leftovers = await ctx
        .database()
        .kysely.selectFrom("span_content")
        .select("span_id")
        .where("project_id", "=", projectId)
        .execute();
      expect(leftovers).toEqual([{ span_id: fresh.span_id }]);
      expect((await listSpans(ctx.database(), otherProject, {})).data).toHaveLength(1);
    });

    test("reopening a migrated database is a no-op", async () => {
      const again = await openDatabase(ctx.url());
      try {
        expect((await listProjects(again)).length).toBeGreaterThan(0);
      } finally {
        await again.close();
      }
    });
  });
}
