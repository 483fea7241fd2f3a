/**
 * Contract: span listing — every filter, newest-first keyset pagination, project scoping.
 */
import { beforeAll, describe, expect, test } from "vitest";
import type { SpanRecord } from "../../../domain/span-record.js";
import { insertSpans } from "../../insert-spans.js";
import type { SpanFilters } from "../../span-filters.js";
import { getSpan, listSpans } from "../../span-queries.js";
import { StoreInputError } from "../../store-input-error.js";
import { getTrace } from "../../trace-queries.js";
import { BASE_TIME, makeSpan, randomSpanId, randomTraceId } from "../make-span.js";
import type { ContractContext } from "./contract-context.js";

const SECOND = 1_000_000;

export function spanQueryCases(ctx: ContractContext): void {
  describe("span filters", () => {
    let projectId: string;
    const traceId = randomTraceId();
    const spans: Record<string, SpanRecord> = {};

    beforeAll(async () => {
      projectId = await ctx.newProject();
      Object.assign(spans, {
        base: makeSpan({ start_time: BASE_TIME, trace_id: traceId }),
        other: makeSpan({
          start_time: BASE_TIME + SECOND,
          config_key: "summarizer",
          session_id: "session-2",
          customer_id: "customer-2",
          model: "claude-sonnet-4-20250514",
          provider: "anthropic",
          status: "ERROR",
          error_type: "RateLimitError",
          kind: "embedding",
          tags: ["beta", "eu"],
          metadata: { plan: "pro", seats: 3, trial: false, ratio: 0.25 },
          prompt_key: "summary",
          prompt_version: 4,
          prompt_ab_test_key: "summary-ab",
          prompt_variant_index: 1,
          cost_status: "unpriced",
          cost_usd: null,
        }),
        tool: makeSpan({
          start_time: BASE_TIME + 2 * SECOND,
          trace_id: traceId,
          kind: "tool",
          tags: ["beta"],
          metadata: { plan: "free", seats: 30, trial: true },
          prompt_version: 40,
          prompt_variant_index: 0,
          model: null,
          provider: null,
          cost_status: "no_usage",
        }),
      });
      await insertSpans(ctx.database(), projectId, Object.values(spans));
    });

    const cases: Array<[string, SpanFilters, string[]]> = [
      ["no filter, newest first", {}, ["tool", "other", "base"]],
      ["from (µs, inclusive)", { from: BASE_TIME + SECOND }, ["tool", "other"]],
      ["to (µs, exclusive)", { to: BASE_TIME + SECOND }, ["base"]],
      [
        "from and to as ISO-8601",
        { from: "2025-06-15T12:00:01Z", to: "2025-06-15T12:00:01.000001Z" },
        ["other"],
      ],
      ["from as a string of µs", { from: String(BASE_TIME + 2 * SECOND) }, ["tool"]],
      ["config_key", { config_key: "summarizer" }, ["other"]],
      ["session_id", { session_id: "session-2" }, ["other"]],
      ["customer_id", { customer_id: "customer-1" }, ["tool", "base"]],
      ["model", { model: "claude-sonnet-4-20250514" }, ["other"]],
      ["provider", { provider: "openai" }, ["base"]],
      ["status", { status: "ERROR" }, ["other"]],
      ["kind", { kind: "tool" }, ["tool"]],
      ["one tag", { tags: ["beta"] }, ["tool", "other"]],
      ["every tag must match", { tags: ["beta", "eu"] }, ["other"]],
      ["an unknown tag", { tags: ["beta", "nope"] }, []],
      ["metadata string", { metadata: { plan: "pro" } }, ["other"]],
      ["metadata integer", { metadata: { seats: "3" } }, ["other"]],
      ["metadata fraction", { metadata: { ratio: "0.25" } }, ["other"]],
      ["metadata boolean", { metadata: { trial: "true" } }, ["tool"]],
      ["metadata boolean false", { metadata: { trial: "false" } }, ["other"]],
      ["two metadata keys", { metadata: { plan: "free", seats: "30" } }, ["tool"]],
      ["metadata never matches a missing key", { metadata: { region: "eu" } }, []],
      ["prompt_key", { prompt_key: "summary" }, ["other"]],
      ["prompt_version", { prompt_version: 4 }, ["other"]],
      ["prompt_ab_test_key", { prompt_ab_test_key: "summary-ab" }, ["other"]],
      ["prompt_variant_index 0", { prompt_variant_index: 0 }, ["tool"]],
      ["cost_status", { cost_status: "unpriced" }, ["other"]],
      ["trace_id", { trace_id: traceId }, ["tool", "base"]],
      ["filters combine", { trace_id: traceId, kind: "llm" }, ["base"]],
    ];

    test.each(cases)("%s", async (_, filters, expected) => {
      const page = await listSpans(ctx.database(), projectId, filters);
      expect(page.data.map((span) => span.span_id)).toEqual(expected.map((name) => spans[name]?.span_id));
      expect(page.next_cursor).toBeNull();
    });

    test("a malformed time is rejected as input, not as a database error", async () => {
      await expect(listSpans(ctx.database(), projectId, { from: "yesterday-ish" })).rejects.toBeInstanceOf(
        StoreInputError,
      );
    });
  });

  describe("span pagination", () => {
    test("pages follow start_time then span_id, newest first, without gaps or repeats", async () => {
      const projectId = await ctx.newProject();
      // Groups of spans share a start time, so the tie-breakers matter.
      const records = Array.from({ length: 25 }, (_, i) =>
        makeSpan({ start_time: BASE_TIME + Math.floor(i / 4) }),
      );
      await insertSpans(ctx.database(), projectId, records);
      const expected = [...records]
        .sort((a, b) => b.start_time - a.start_time || (a.span_id < b.span_id ? 1 : -1))
        .map((span) => span.span_id);

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listSpans(
          ctx.database(),
          projectId,
          {},
          { limit: 7, ...(cursor ? { cursor } : {}) },
        );
        seen.push(...page.data.map((span) => span.span_id));
        cursor = page.next_cursor ?? undefined;
        pages += 1;
        // Newer spans arriving meanwhile must not shift later pages.
        if (pages === 1)
          await insertSpans(ctx.database(), projectId, [makeSpan({ start_time: BASE_TIME + 1_000 })]);
      } while (cursor);
      expect(pages).toBe(4);
      expect(seen).toEqual(expected);
    });

    test("tag-filtered pages (driven from the tag index) follow the same order and cursor", async () => {
      const projectId = await ctx.newProject();
      const records = Array.from({ length: 30 }, (_, i) =>
        makeSpan({
          start_time: BASE_TIME + Math.floor(i / 4),
          tags: [...(i % 3 !== 0 ? ["t"] : []), ...(i % 2 === 0 ? ["u"] : []), "t"],
        }),
      );
      await insertSpans(ctx.database(), projectId, records);
      const cases: Array<[SpanFilters, (span: SpanRecord) => boolean]> = [
        [{ tags: ["t"] }, () => true],
        [{ tags: ["u", "t"] }, (span) => span.tags.includes("u")],
        [
          { tags: ["t"], from: BASE_TIME + 2, to: BASE_TIME + 6 },
          (span) => span.start_time >= BASE_TIME + 2 && span.start_time < BASE_TIME + 6,
        ],
      ];
      for (const [filters, keep] of cases) {
        const expected = records
          .filter(keep)
          .sort((a, b) => b.start_time - a.start_time || (a.span_id < b.span_id ? 1 : -1))
          .map((span) => span.span_id);
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await listSpans(ctx.database(), projectId, filters, {
            limit: 4,
            ...(cursor ? { cursor } : {}),
          });
          seen.push(...page.data.map((span) => span.span_id));
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
        expect(seen).toEqual(expected);
      }
    });

    test("the page size is capped at 200", async () => {
      const projectId = await ctx.newProject();
      await insertSpans(
        ctx.database(),
        projectId,
        Array.from({ length: 205 }, (_, i) => makeSpan({ start_time: BASE_TIME + i })),
      );
      const page = await listSpans(ctx.database(), projectId, {}, { limit: 1_000 });
      expect(page.data).toHaveLength(200);
      expect(page.next_cursor).not.toBeNull();
    });

    test("a cursor that was not issued by the store is rejected", async () => {
      const projectId = await ctx.newProject();
      for (const cursor of ["garbage", Buffer.from('["x"]').toString("base64url")]) {
        await expect(listSpans(ctx.database(), projectId, {}, { cursor })).rejects.toMatchObject({
          code: "invalid_cursor",
        });
      }
    });
  });

  describe("project scoping", () => {
    test("another project's spans never appear, even with the same ids", async () => {
      const mine = await ctx.newProject();
      const theirs = await ctx.newProject();
      const span = makeSpan({ name: "mine" });
      await insertSpans(ctx.database(), mine, [span]);
      await insertSpans(ctx.database(), theirs, [
        { ...span, name: "theirs", start_time: span.start_time + 10 },
        makeSpan({ trace_id: span.trace_id, name: "theirs too" }),
      ]);
      const listed = await listSpans(ctx.database(), mine, {}, { includeContent: true });
      expect(listed.data.map((s) => s.name)).toEqual(["mine"]);
      expect((await getSpan(ctx.database(), mine, span.span_id))?.name).toBe("mine");
      expect((await getTrace(ctx.database(), mine, span.trace_id))?.spans.map((s) => s.name)).toEqual([
        "mine",
      ]);
      const empty = await ctx.newProject();
      expect((await listSpans(ctx.database(), empty, {})).data).toEqual([]);
      expect(await getSpan(ctx.database(), empty, span.span_id)).toBeNull();
    });

    test("getSpan by span id alone returns the newest span when traces share the id", async () => {
      const projectId = await ctx.newProject();
      const spanId = randomSpanId();
      await insertSpans(ctx.database(), projectId, [
        makeSpan({ span_id: spanId, name: "older", start_time: BASE_TIME }),
        makeSpan({ span_id: spanId, name: "newer", start_time: BASE_TIME + SECOND }),
      ]);
      expect((await getSpan(ctx.database(), projectId, spanId))?.name).toBe("newer");
    });
  });
}
