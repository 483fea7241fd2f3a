/**
 * Contract: the rollup tables always say what the spans say. One mixed data set (traces with
 * aggregate roots, cross-source duplicates, incomplete spans later replaced, unpriced calls,
 * several sessions, customers and days) goes through every path that changes span rows — insert,
 * replacement, duplicate linking, cost recompute, the duplicate building blocks, retention — and
 * after each step the lists and metrics served from rollups equal the same answers computed from
 * the raw spans (the filtered span path with a filter that keeps every span). The backfill
 * (`rebuildRollups`) must then reproduce the incrementally maintained tables exactly.
 */
import { beforeAll, describe, expect, test } from "vitest";
import type { SpanRecord } from "../../../domain/span-record.js";
import { markDuplicate, mergeReportedCost } from "../../cross-source-duplicates.js";
import { listCustomers } from "../../customer-queries.js";
import { insertSpans } from "../../insert-spans.js";
import { HISTOGRAM_RATIO } from "../../latency-histogram.js";
import {
  METRIC_GROUPS,
  type MetricsQuery,
  type MetricsRow,
  metrics,
  metricsFromSpans,
} from "../../metrics-query.js";
import { ROLLUP_TABLES, rebuildRollups } from "../../rebuild-rollups.js";
import { getSession, listSessions } from "../../session-queries.js";
import { deleteSpansOlderThan, updateSpanCost } from "../../span-repository.js";
import { getTrace, listTraces } from "../../trace-queries.js";
import { BASE_TIME, makeSpan, randomSpanId, randomTraceId } from "../make-span.js";
import type { ContractContext } from "./contract-context.js";

const MINUTE = 60_000_000;
const HOUR = 60 * MINUTE;
/** Keeps every span, but sends the list queries down the span path. */
const ALL_SPANS = { from: 0 };

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function dataSet(seed: number): { spans: SpanRecord[]; incomplete: SpanRecord[]; broadcasts: SpanRecord[] } {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const spans: SpanRecord[] = [];
  const incomplete: SpanRecord[] = [];
  const broadcasts: SpanRecord[] = [];
  for (let t = 0; t < 40; t += 1) {
    const traceId = randomTraceId();
    const rootId = randomSpanId();
    const start = BASE_TIME + Math.floor(next() * 3 * 24 * HOUR);
    const context = {
      trace_id: traceId,
      session_id: pick(["s-a", "s-b", "s-c", "s-d", null]),
      customer_id: pick(["c-1", "c-2", "c-3", null]),
      config_key: pick(["chat", "agent", "search"]),
    };
    spans.push(
      makeSpan({
        ...context,
        span_id: rootId,
        start_time: start,
        duration_ms: 9_000,
        kind: "chain",
        name: `run-${t}`,
        is_aggregate: next() < 0.5,
        input_tokens: 999,
      }),
    );
    const children = 1 + Math.floor(next() * 4);
    for (let c = 0; c < children; c += 1) {
      const unpriced = next() < 0.2;
      const call = makeSpan({
        ...context,
        parent_span_id: rootId,
        start_time: start + Math.floor(next() * 5_000_000),
        duration_ms: Math.round(50 + next() * 4_000),
        time_to_first_token_ms: next() < 0.5 ? Math.round(20 + next() * 500) : null,
        kind: pick(["llm", "llm", "embedding", "tool"]),
        status: next() < 0.15 ? "ERROR" : "OK",
        model: pick(["gpt-4o", "claude-x", "gemini-y"]),
        provider: pick(["openai", "anthropic", "openrouter"]),
        prompt_version: pick([null, 1, 2]),
        prompt_variant_index: pick([null, 0, 1]),
        input_tokens: Math.floor(next() * 1_000),
        output_tokens: Math.floor(next() * 200),
        cache_read_tokens: next() < 0.3 ? 40 : null,
        cost_usd: unpriced ? null : Math.round(next() * 1e6) / 1e7,
        cost_status: unpriced ? "unpriced" : "computed",
        response_id: next() < 0.3 ? `gen-${randomSpanId()}` : null,
      });
      if (next() < 0.2) {
        // Sent first without an end (still running), then complete: possibly later, longer,
        // in another session.
        incomplete.push({ ...call, end_time: null, duration_ms: null, input_tokens: null, cost_usd: null });
        spans.push({ ...call, start_time: call.start_time + 30 * MINUTE, session_id: "s-moved" });
      } else {
        spans.push(call);
      }
      if (call.response_id !== null && call.kind !== "tool" && next() < 0.6) {
        broadcasts.push(
          makeSpan({
            ...context,
            trace_id: randomTraceId(),
            source: "openrouter",
            kind: call.kind,
            start_time: call.start_time,
            response_id: call.response_id,
            reported_cost_usd: 0.0042,
            cost_usd: 0.0042,
            cost_status: "provider",
            upstream_provider: "Google AI Studio",
          }),
        );
      }
    }
  }
  return { spans, incomplete, broadcasts };
}

const roundCost = (value: number | null) => (value === null ? null : Math.round(value * 1e9) / 1e9);
const normalise = <T extends { cost_usd: number | null }>(rows: readonly T[]) =>
  rows.map((row) => ({ ...row, cost_usd: roundCost(row.cost_usd) }));

function expectMetricsMatch(estimated: MetricsRow[], exact: MetricsRow[]): void {
  const strip = (rows: MetricsRow[]) =>
    rows.map(
      ({
        duration_ms_p50,
        duration_ms_p95,
        duration_ms_p99,
        ttft_ms_p50,
        ttft_ms_p95,
        percentiles_estimated,
        ...rest
      }) => rest,
    );
  expect(normalise(strip(estimated))).toEqual(normalise(strip(exact)));
  const bound = Math.sqrt(HISTOGRAM_RATIO) - 1;
  for (const [index, row] of estimated.entries()) {
    const truth = exact[index] as MetricsRow;
    expect(row.percentiles_estimated).toBe(true);
    for (const column of [
      "duration_ms_p50",
      "duration_ms_p95",
      "duration_ms_p99",
      "ttft_ms_p50",
      "ttft_ms_p95",
    ] as const) {
      const want = truth[column];
      const got = row[column];
      if (want === null) expect(got).toBeNull();
      else expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(want * bound + 0.1);
    }
  }
}

export function rollupConsistencyCases(ctx: ContractContext): void {
  describe("rollups equal the spans", () => {
    let projectId: string;
    const data = dataSet(11);

    async function expectConsistent(): Promise<void> {
      const db = ctx.database();
      const page = { limit: 200 };
      expect(normalise((await listSessions(db, projectId, {}, page)).data)).toEqual(
        normalise((await listSessions(db, projectId, ALL_SPANS, page)).data),
      );
      expect(normalise((await listTraces(db, projectId, {}, page)).data)).toEqual(
        normalise((await listTraces(db, projectId, ALL_SPANS, page)).data),
      );
      for (const sort of ["cost", "calls", "errors", "last_activity"] as const) {
        expect(normalise((await listCustomers(db, projectId, {}, { ...page, sort })).data)).toEqual(
          normalise((await listCustomers(db, projectId, ALL_SPANS, { ...page, sort })).data),
        );
      }
      const queries: MetricsQuery[] = METRIC_GROUPS.map((group_by) => ({ group_by }));
      // Unaligned ends (partial hours from the spans) and a dimension filter.
      queries.push({
        group_by: "day",
        from: BASE_TIME + 17 * MINUTE,
        to: BASE_TIME + 50 * HOUR + 5 * MINUTE,
      });
      queries.push({ group_by: "model", from: BASE_TIME - 7 * MINUTE, filters: { model: "gpt-4o" } });
      queries.push({ group_by: "hour", to: BASE_TIME + 30 * HOUR + 1, filters: { prompt_version: 2 } });
      for (const query of queries) {
        expectMetricsMatch(
          await metrics(db, projectId, query, { exactCallsLimit: 0 }),
          await metricsFromSpans(db, projectId, query),
        );
      }
    }

    beforeAll(async () => {
      projectId = await ctx.newProject();
    });

    test("after inserts, in batches, with incomplete spans first", async () => {
      const db = ctx.database();
      await insertSpans(db, projectId, data.incomplete);
      await expectConsistent();
      for (let i = 0; i < data.spans.length; i += 37)
        await insertSpans(db, projectId, data.spans.slice(i, i + 37));
      await insertSpans(db, projectId, data.spans.slice(0, 20)); // a retried batch changes nothing
      await expectConsistent();
    });

    test("after cross-source duplicates are linked (provider cost moves onto the kept span)", async () => {
      expect(data.broadcasts.length).toBeGreaterThan(3);
      await insertSpans(ctx.database(), projectId, data.broadcasts);
      await expectConsistent();
    });

    test("after a cost recompute and the duplicate building blocks", async () => {
      const db = ctx.database();
      const unpriced = data.spans.filter((span) => span.cost_status === "unpriced").slice(0, 8);
      expect(unpriced.length).toBeGreaterThan(2);
      const changed = await updateSpanCost(
        db,
        projectId,
        unpriced.map((span) => ({
          trace_id: span.trace_id,
          span_id: span.span_id,
          cost_usd: 0.25,
          input_cost_usd: 0.2,
          output_cost_usd: 0.05,
          cost_status: "computed",
          price_ref: "override:test",
        })),
      );
      expect(changed).toBe(unpriced.length);
      const [a, b] = data.spans.filter((span) => span.kind === "llm" && span.end_time !== null);
      await markDuplicate(db, projectId, a as SpanRecord, (b as SpanRecord).span_id);
      await mergeReportedCost(db, projectId, b as SpanRecord, {
        reported_cost_usd: 1.5,
        reported_input_cost_usd: 1,
        reported_output_cost_usd: 0.5,
        upstream_provider: "Upstream",
      });
      await expectConsistent();
    });

    test("after retention deletes the oldest spans", async () => {
      const deleted = await deleteSpansOlderThan(ctx.database(), projectId, BASE_TIME + 30 * HOUR, 25);
      expect(deleted).toBeGreaterThan(10);
      await expectConsistent();
      const session = await getSession(ctx.database(), projectId, "s-a");
      const trace = await getTrace(ctx.database(), projectId, data.spans.at(-1)?.trace_id as string);
      expect(session === null || session.first_activity >= BASE_TIME + 30 * HOUR).toBe(true);
      expect(trace === null || trace.start_time >= BASE_TIME + 30 * HOUR).toBe(true);
    });

    test("the backfill rebuilds exactly the tables the writer maintained", async () => {
      const db = ctx.database();
      const snapshot = async () =>
        Promise.all(
          ROLLUP_TABLES.map(async (table) =>
            (await db.kysely.selectFrom(table).selectAll().where("project_id", "=", projectId).execute())
              .map((row) => {
                const out: Record<string, unknown> = {};
                for (const [key, value] of Object.entries(row))
                  out[key] =
                    key === "cost_usd"
                      ? roundCost(Number(value))
                      : typeof value === "bigint"
                        ? Number(value)
                        : value;
                return out;
              })
              .sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)),
          ),
        );
      const maintained = await snapshot();
      expect(maintained.every((rows) => rows.length > 0)).toBe(true);
      await db.kysely.transaction().execute((trx) => rebuildRollups(trx, db.dialect, projectId));
      expect(await snapshot()).toEqual(maintained);
    });

    test("small results stay exact; large ones say their percentiles are estimates", async () => {
      const db = ctx.database();
      const exact = await metrics(db, projectId, { group_by: "model" });
      expect(exact.every((row) => !row.percentiles_estimated)).toBe(true);
      const estimated = await metrics(db, projectId, { group_by: "model" }, { exactCallsLimit: 0 });
      expect(estimated.every((row) => row.percentiles_estimated)).toBe(true);
    });
  });
}
