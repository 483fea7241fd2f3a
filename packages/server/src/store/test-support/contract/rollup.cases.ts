/**
 * Contract: trace, session and customer rollups and metrics. Aggregate rows and cross-source
 * duplicates are listed but never summed.
 */
import { beforeAll, describe, expect, test } from "vitest";
import type { SpanRecord } from "../../../domain/span-record.js";
import { upsertCustomMetrics } from "../../custom-metrics-repository.js";
import { listCustomers } from "../../customer-queries.js";
import { insertSpans } from "../../insert-spans.js";
import { metrics } from "../../metrics-query.js";
import { upsertSessionAssignment } from "../../session-assignment-repository.js";
import { getSession, listSessions } from "../../session-queries.js";
import { getTrace, listTraces } from "../../trace-queries.js";
import { BASE_TIME, makeSpan, randomSpanId, randomTraceId } from "../make-span.js";
import type { ContractContext } from "./contract-context.js";

const MS = 1_000;
const SECOND = 1_000_000;
const HOUR = 3_600 * SECOND;

/**
 * One agent trace: an aggregate root (its tokens repeat its children's), two counted LLM calls
 * (one unpriced), a cross-source duplicate of the first call, and a failing tool.
 */
function agentTrace(start: number, session: string, customer: string | null): SpanRecord[] {
  const traceId = randomTraceId();
  const rootId = randomSpanId();
  const firstCallId = randomSpanId();
  const common = { trace_id: traceId, session_id: session, customer_id: customer, config_key: "agent" };
  return [
    makeSpan({
      ...common,
      span_id: rootId,
      start_time: start,
      duration_ms: 5_000,
      name: "ai.generateText",
      kind: "chain",
      is_aggregate: true,
      input_tokens: 300,
      output_tokens: 30,
      cost_usd: 0.03,
    }),
    makeSpan({
      ...common,
      span_id: firstCallId,
      parent_span_id: rootId,
      start_time: start + 100 * MS,
      duration_ms: 1_000,
      input_tokens: 100,
      output_tokens: 10,
      cost_usd: 0.01,
    }),
    makeSpan({
      ...common,
      parent_span_id: rootId,
      start_time: start + 2 * SECOND,
      duration_ms: 2_000,
      input_tokens: 200,
      output_tokens: 20,
      cost_usd: null,
      cost_status: "unpriced",
      model: "mystery-model",
    }),
    makeSpan({
      ...common,
      parent_span_id: rootId,
      start_time: start + 100 * MS,
      duration_ms: 1_000,
      source: "openrouter",
      input_tokens: 100,
      output_tokens: 10,
      cost_usd: 0.5,
      duplicate_of: firstCallId,
    }),
    makeSpan({
      ...common,
      parent_span_id: rootId,
      start_time: start + 3 * SECOND,
      duration_ms: 10,
      kind: "tool",
      name: "lookup",
      status: "ERROR",
      input_tokens: null,
      output_tokens: null,
      cost_usd: null,
      cost_status: "no_usage",
    }),
  ];
}

export function rollupCases(ctx: ContractContext): void {
  describe("traces", () => {
    test("a trace summary counts each call once and names its root", async () => {
      const projectId = await ctx.newProject();
      const spans = agentTrace(BASE_TIME, "s-1", "c-1");
      await insertSpans(ctx.database(), projectId, spans);
      const traceId = spans[0]?.trace_id as string;
      const page = await listTraces(ctx.database(), projectId, {});
      const expected = {
        trace_id: traceId,
        root_name: "ai.generateText",
        start_time: BASE_TIME,
        end_time: BASE_TIME + 5 * SECOND,
        duration_ms: 5_000,
        span_count: 5,
        llm_calls: 2,
        errors: 0,
        input_tokens: 300,
        output_tokens: 30,
        cost_usd: 0.01,
        unpriced_calls: 1,
        status: "ERROR",
        config_key: "agent",
        session_id: "s-1",
        customer_id: "c-1",
      };
      expect(page).toEqual({ data: [expected], next_cursor: null });
      const detail = await getTrace(ctx.database(), projectId, traceId);
      expect(detail).toMatchObject(expected);
      expect(detail?.spans.map((span) => span.span_id)).toEqual(
        [...spans]
          .sort((a, b) => a.start_time - b.start_time || (a.span_id < b.span_id ? -1 : 1))
          .map((s) => s.span_id),
      );
      expect(detail?.spans[0]?.input_messages).not.toBeNull();
      expect(await getTrace(ctx.database(), projectId, randomTraceId())).toBeNull();
    });

    test("traces page newest first; filters pick traces by any matching span", async () => {
      const projectId = await ctx.newProject();
      const traces = Array.from({ length: 5 }, (_, i) =>
        agentTrace(BASE_TIME + i * SECOND * 10, `s-${i}`, null),
      );
      await insertSpans(ctx.database(), projectId, traces.flat());
      const ids = traces.map((spans) => spans[0]?.trace_id).reverse();
      const first = await listTraces(ctx.database(), projectId, {}, { limit: 2 });
      const second = await listTraces(
        ctx.database(),
        projectId,
        {},
        { limit: 2, cursor: first.next_cursor as string },
      );
      const third = await listTraces(
        ctx.database(),
        projectId,
        {},
        { limit: 2, cursor: second.next_cursor as string },
      );
      expect([...first.data, ...second.data, ...third.data].map((t) => t.trace_id)).toEqual(ids);
      expect(third.next_cursor).toBeNull();

      const byTool = await listTraces(ctx.database(), projectId, { kind: "tool", session_id: "s-3" });
      expect(byTool.data.map((t) => [t.trace_id, t.span_count])).toEqual([[traces[3]?.[0]?.trace_id, 5]]);
    });
  });

  describe("sessions and customers", () => {
    let projectId: string;

    beforeAll(async () => {
      projectId = await ctx.newProject();
      await insertSpans(ctx.database(), projectId, [
        ...agentTrace(BASE_TIME, "s-old", "c-1"),
        ...agentTrace(BASE_TIME + HOUR, "s-new", "c-1"),
        ...agentTrace(BASE_TIME + 2 * SECOND, "s-mid", "c-2"),
        makeSpan({
          session_id: "s-mid",
          customer_id: "c-2",
          start_time: BASE_TIME + 30 * SECOND,
          status: "ERROR",
          cost_usd: 2,
        }),
        makeSpan({
          session_id: null,
          customer_id: "c-3",
          start_time: BASE_TIME,
          cost_usd: null,
          cost_status: "unpriced",
        }),
      ]);
    });

    test("sessions list newest activity first, with counted sums", async () => {
      const page = await listSessions(ctx.database(), projectId, {});
      expect(page.data.map((s) => s.session_id)).toEqual(["s-new", "s-mid", "s-old"]);
      expect(page.data[1]).toEqual({
        session_id: "s-mid",
        config_key: "chat",
        customer_id: "c-2",
        calls: 3,
        llm_calls: 3,
        errors: 1,
        input_tokens: 400,
        output_tokens: 50,
        cost_usd: 2.01,
        unpriced_calls: 1,
        first_activity: BASE_TIME + 2 * SECOND,
        last_activity: BASE_TIME + 30 * SECOND + 1_200 * MS,
        duration_ms: 29_200,
      });
      const first = await listSessions(ctx.database(), projectId, {}, { limit: 2 });
      const rest = await listSessions(
        ctx.database(),
        projectId,
        {},
        { limit: 2, cursor: first.next_cursor as string },
      );
      expect([...first.data, ...rest.data].map((s) => s.session_id)).toEqual(["s-new", "s-mid", "s-old"]);
      expect(rest.next_cursor).toBeNull();
      const filtered = await listSessions(ctx.database(), projectId, { customer_id: "c-1" });
      expect(filtered.data.map((s) => s.session_id)).toEqual(["s-new", "s-old"]);
    });

    test("a session detail adds its calls with content, custom metrics and assignments", async () => {
      await upsertCustomMetrics(ctx.database(), projectId, "agent", "s-old", { revenue: 12 });
      await upsertSessionAssignment(ctx.database(), projectId, {
        config_key: "agent",
        session_id: "s-old",
        config_version: 2,
        assigned_model: "gpt-4o",
      });
      const session = await getSession(ctx.database(), projectId, "s-old");
      expect(session).toMatchObject({
        session_id: "s-old",
        llm_calls: 2,
        input_tokens: 300,
        customer_id: "c-1",
      });
      // Every LLM span is listed (the duplicate too); the aggregate root and the tool are not calls.
      expect(session?.calls).toHaveLength(3);
      expect(session?.calls.every((call) => call.input_messages !== null)).toBe(true);
      expect(session?.custom_metrics).toEqual([
        { config_key: "agent", session_id: "s-old", data: { revenue: 12 }, updated_at: expect.any(String) },
      ]);
      expect(session?.assignments).toMatchObject([
        { config_key: "agent", assigned_model: "gpt-4o", config_version: 2 },
      ]);
      expect(session?.next_cursor).toBeNull();
      // Paged: the same calls in the same order (start time, span id, trace id), two then one.
      const first = await getSession(ctx.database(), projectId, "s-old", { limit: 2 });
      expect(first?.calls.map((call) => call.span_id)).toEqual(
        session?.calls.slice(0, 2).map((call) => call.span_id),
      );
      expect(first?.next_cursor).toEqual(expect.any(String));
      const second = await getSession(ctx.database(), projectId, "s-old", {
        limit: 2,
        cursor: first?.next_cursor ?? "",
      });
      expect(second?.calls.map((call) => call.span_id)).toEqual(
        session?.calls.slice(2).map((call) => call.span_id),
      );
      expect(second?.next_cursor).toBeNull();
      expect(second).toMatchObject({
        session_id: "s-old",
        llm_calls: 2,
        custom_metrics: [{ data: { revenue: 12 } }],
      });
      await expect(getSession(ctx.database(), projectId, "s-old", { cursor: "bm9wZQ" })).rejects.toThrow(
        /cursor/,
      );
      expect(await getSession(ctx.database(), projectId, "s-unknown")).toBeNull();
      const other = await ctx.newProject();
      expect(await getSession(ctx.database(), other, "s-old")).toBeNull();
    });

    test("customers sort by cost, calls, errors or last activity", async () => {
      const ids = async (sort: "cost" | "calls" | "errors" | "last_activity") =>
        (await listCustomers(ctx.database(), projectId, {}, { sort })).data.map((c) => c.customer_id);
      expect(await ids("cost")).toEqual(["c-2", "c-1", "c-3"]);
      expect(await ids("calls")).toEqual(["c-1", "c-2", "c-3"]);
      expect(await ids("errors")).toEqual(["c-2", "c-1", "c-3"]);
      expect(await ids("last_activity")).toEqual(["c-1", "c-2", "c-3"]);
      const page = await listCustomers(ctx.database(), projectId, {}, { sort: "cost", limit: 1 });
      expect(page.data).toEqual([
        {
          customer_id: "c-2",
          calls: 3,
          llm_calls: 3,
          errors: 1,
          sessions: 1,
          input_tokens: 400,
          output_tokens: 50,
          cost_usd: 2.01,
          unpriced_calls: 1,
          last_activity: BASE_TIME + 30 * SECOND + 1_200 * MS,
        },
      ]);
      const next = await listCustomers(
        ctx.database(),
        projectId,
        {},
        { sort: "cost", limit: 5, cursor: page.next_cursor as string },
      );
      expect(next.data.map((c) => c.customer_id)).toEqual(["c-1", "c-3"]);
      expect(next.data[1]).toMatchObject({ cost_usd: null, unpriced_calls: 1, sessions: 0 });
    });
  });

  describe("metrics", () => {
    let projectId: string;

    beforeAll(async () => {
      projectId = await ctx.newProject();
      const call = (over: Partial<SpanRecord>) => makeSpan({ model: "gpt-4o", ...over });
      await insertSpans(ctx.database(), projectId, [
        // gpt-4o: durations 10..50, TTFT 1..4 (one missing), one error, one unpriced.
        call({ duration_ms: 10, time_to_first_token_ms: 1, start_time: BASE_TIME }),
        call({ duration_ms: 20, time_to_first_token_ms: 2, start_time: BASE_TIME + HOUR }),
        call({
          duration_ms: 30,
          time_to_first_token_ms: 3,
          start_time: BASE_TIME + 25 * HOUR,
          status: "ERROR",
        }),
        call({ duration_ms: 40, time_to_first_token_ms: 4, cache_read_tokens: 60, reasoning_tokens: 5 }),
        call({ duration_ms: 50, cost_usd: null, cost_status: "unpriced", cache_write_tokens: 7 }),
        // Not counted: an aggregate, a duplicate, a tool span.
        call({ duration_ms: 10_000, is_aggregate: true, input_tokens: 10_000 }),
        call({ duration_ms: 10_000, duplicate_of: randomSpanId(), input_tokens: 10_000 }),
        call({ duration_ms: 10_000, kind: "tool", input_tokens: 10_000 }),
        // claude: one embedding call, with prompt linkage.
        makeSpan({
          model: "claude-x",
          provider: "anthropic",
          kind: "embedding",
          duration_ms: 7,
          prompt_version: 3,
          prompt_variant_index: 1,
          cost_usd: 0.5,
        }),
      ]);
      // Another project's calls never count.
      await insertSpans(ctx.database(), await ctx.newProject(), [call({ duration_ms: 1 })]);
    });

    test("percentiles, counts and sums per model follow percentile_cont on known data", async () => {
      const rows = await metrics(ctx.database(), projectId, { group_by: "model" });
      expect(rows).toHaveLength(2);
      const [gpt, claude] = rows;
      expect(gpt).toMatchObject({
        group: "gpt-4o",
        count: 5,
        errors: 1,
        input_tokens: 500,
        output_tokens: 100,
        cache_read_tokens: 60,
        cache_write_tokens: 7,
        reasoning_tokens: 5,
        unpriced_count: 1,
      });
      expect(gpt?.duration_ms_p50).toBeCloseTo(30, 9);
      expect(gpt?.duration_ms_p95).toBeCloseTo(48, 9);
      expect(gpt?.duration_ms_p99).toBeCloseTo(49.6, 9);
      expect(gpt?.ttft_ms_p50).toBeCloseTo(2.5, 9);
      expect(gpt?.ttft_ms_p95).toBeCloseTo(3.85, 9);
      expect(gpt?.cost_usd).toBeCloseTo(0.004, 12);
      expect(claude).toMatchObject({
        group: "claude-x",
        count: 1,
        duration_ms_p50: 7,
        duration_ms_p99: 7,
        ttft_ms_p50: null,
        cost_usd: 0.5,
        unpriced_count: 0,
      });
    });

    test("groups by provider, prompt fields and UTC day or hour", async () => {
      const groups = async (group_by: Parameters<typeof metrics>[2]["group_by"]) =>
        (await metrics(ctx.database(), projectId, { group_by })).map((row) => [row.group, row.count]);
      expect(await groups("provider")).toEqual([
        ["openai", 5],
        ["anthropic", 1],
      ]);
      expect(await groups("prompt_version")).toEqual([
        [null, 5],
        [3, 1],
      ]);
      expect(await groups("prompt_variant_index")).toEqual([
        [null, 5],
        [1, 1],
      ]);
      expect(await groups("day")).toEqual([
        ["2025-06-15", 5],
        ["2025-06-16", 1],
      ]);
      expect(await groups("hour")).toEqual([
        ["2025-06-15T12:00:00Z", 4],
        ["2025-06-15T13:00:00Z", 1],
        ["2025-06-16T13:00:00Z", 1],
      ]);
    });

    test("time range and filters narrow the calls", async () => {
      const rows = await metrics(ctx.database(), projectId, {
        group_by: "model",
        from: BASE_TIME + HOUR,
        to: "2025-06-16T13:00:00Z",
        filters: { provider: "openai" },
      });
      expect(rows).toMatchObject([{ group: "gpt-4o", count: 1, duration_ms_p50: 20 }]);
    });
  });
}
