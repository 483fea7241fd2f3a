/**
 * Contract: idempotent span writes, content kept apart, cross-source duplicates.
 */
import { describe, expect, test } from "vitest";
import { findLlmSpanByResponseId, markDuplicate, mergeReportedCost } from "../../cross-source-duplicates.js";
import { insertSpans } from "../../insert-spans.js";
import { getSpan, listSpans } from "../../span-queries.js";
import { getParentContext, getParentContexts } from "../../span-repository.js";
import { getTrace } from "../../trace-queries.js";
import { BASE_TIME, makeSpan, randomTraceId, withoutContent } from "../make-span.js";
import type { ContractContext } from "./contract-context.js";

export function spanWriteCases(ctx: ContractContext): void {
  describe("span writes", () => {
    test("a stored span reads back exactly as written, content included", async () => {
      const projectId = await ctx.newProject();
      const record = makeSpan({
        metadata: { plan: "pro", seats: 3, beta: true },
        tags: ["a", "b"],
        prompt_key: "greeting",
        prompt_version: 2,
        prompt_ab_test_key: "greeting-ab",
        prompt_variant_index: 1,
        time_to_first_token_ms: 312.5,
        is_streaming: true,
        cache_read_tokens: 50,
        cache_write_tokens: 5,
        reasoning_tokens: 7,
        reported_cost_usd: 0.002,
        reported_input_cost_usd: 0.0015,
        reported_output_cost_usd: 0.0005,
        cost_status: "provider",
        system_instructions: [{ type: "text", content: "Be brief." }],
        tool_definitions: [{ name: "lookup", parameters: { type: "object" } }],
        raw_request: { messages: [{ role: "user", content: "Hello" }] },
        raw_response: "plain string response",
        events: [{ name: "gen_ai.content.chunk", time: BASE_TIME + 5 }],
      });
      expect(await insertSpans(ctx.database(), projectId, [record])).toEqual({
        inserted: 1,
        replaced: 0,
        skipped: 0,
      });
      expect(await getSpan(ctx.database(), projectId, record.span_id, true)).toEqual(record);
      expect(await getSpan(ctx.database(), projectId, record.span_id, false)).toEqual(withoutContent(record));
    });

    test("re-inserting a span is skipped and the first stored version wins", async () => {
      const projectId = await ctx.newProject();
      const first = makeSpan({ name: "first" });
      await insertSpans(ctx.database(), projectId, [first]);
      const retry = { ...first, name: "second", input_tokens: 999 };
      expect(await insertSpans(ctx.database(), projectId, [retry])).toEqual({
        inserted: 0,
        replaced: 0,
        skipped: 1,
      });
      expect(await getSpan(ctx.database(), projectId, first.span_id, true)).toEqual(first);
    });

    test("a stored span without an end time is replaced by a complete one, content and tags too", async () => {
      const projectId = await ctx.newProject();
      const incomplete = makeSpan({
        duration_ms: null,
        name: "streaming",
        tags: ["old"],
        output_messages: null,
        attributes: { "fallom.stream.incomplete": true },
      });
      expect(incomplete.end_time).toBeNull();
      await insertSpans(ctx.database(), projectId, [incomplete]);
      const complete = makeSpan({
        trace_id: incomplete.trace_id,
        span_id: incomplete.span_id,
        name: "streamed",
        tags: ["new"],
        input_messages: null,
        output_messages: null,
        attributes: {},
        resource: {},
      });
      expect(await insertSpans(ctx.database(), projectId, [complete])).toEqual({
        inserted: 0,
        replaced: 1,
        skipped: 0,
      });
      expect(await getSpan(ctx.database(), projectId, complete.span_id, true)).toEqual(complete);
      const byOldTag = await listSpans(ctx.database(), projectId, { tags: ["old"] });
      const byNewTag = await listSpans(ctx.database(), projectId, { tags: ["new"] });
      expect(byOldTag.data).toEqual([]);
      expect(byNewTag.data.map((span) => span.span_id)).toEqual([complete.span_id]);
    });

    test("a complete span is not replaced by an incomplete one", async () => {
      const projectId = await ctx.newProject();
      const complete = makeSpan();
      await insertSpans(ctx.database(), projectId, [complete]);
      const incomplete = { ...complete, end_time: null, duration_ms: null, name: "late" };
      expect(await insertSpans(ctx.database(), projectId, [incomplete])).toEqual({
        inserted: 0,
        replaced: 0,
        skipped: 1,
      });
      expect((await getSpan(ctx.database(), projectId, complete.span_id))?.name).toBe(complete.name);
    });

    test("one batch holding the same span several times is applied in order", async () => {
      const projectId = await ctx.newProject();
      const incomplete = makeSpan({ duration_ms: null, name: "v1" });
      const key = { trace_id: incomplete.trace_id, span_id: incomplete.span_id };
      const complete = makeSpan({ ...key, name: "v2" });
      const laterComplete = makeSpan({ ...key, name: "v3" });
      const other = makeSpan();
      const twice = makeSpan();
      const result = await insertSpans(ctx.database(), projectId, [
        incomplete,
        twice,
        complete,
        other,
        laterComplete,
        twice,
      ]);
      expect(result).toEqual({ inserted: 3, replaced: 1, skipped: 2 });
      expect((await getSpan(ctx.database(), projectId, key.span_id))?.name).toBe("v2");
      expect((await listSpans(ctx.database(), projectId, {})).data).toHaveLength(3);
    });

    test("a batch larger than one statement's parameter limit is written completely", async () => {
      const projectId = await ctx.newProject();
      const traceId = randomTraceId();
      const records = Array.from({ length: 3_000 }, (_, i) =>
        makeSpan({ trace_id: traceId, start_time: BASE_TIME + i, tags: [`t${i % 3}`, "all"] }),
      );
      expect(await insertSpans(ctx.database(), projectId, records)).toEqual({
        inserted: 3_000,
        replaced: 0,
        skipped: 0,
      });
      expect(await insertSpans(ctx.database(), projectId, records)).toEqual({
        inserted: 0,
        replaced: 0,
        skipped: 3_000,
      });
      const trace = await getTrace(ctx.database(), projectId, traceId);
      expect(trace?.span_count).toBe(3_000);
      expect(trace?.spans.every((span) => span.input_messages !== null)).toBe(true);
      const tagged = await listSpans(ctx.database(), projectId, { tags: ["t1", "all"] }, { limit: 200 });
      expect(tagged.data).toHaveLength(200);
      expect(tagged.data.every((span) => span.tags.includes("t1"))).toBe(true);
    });

    test("content lives in its own table and comes back only when asked for", async () => {
      const projectId = await ctx.newProject();
      const withContent = makeSpan({ start_time: BASE_TIME + 2 });
      const bare = makeSpan({
        start_time: BASE_TIME + 1,
        input_messages: null,
        output_messages: null,
        attributes: {},
        resource: {},
      });
      await insertSpans(ctx.database(), projectId, [withContent, bare]);
      const rows = await ctx
        .database()
        .kysely.selectFrom("span_content")
        .select(["span_id", "input_messages"])
        .where("project_id", "=", projectId)
        .execute();
      expect(rows).toEqual([
        { span_id: withContent.span_id, input_messages: JSON.stringify(withContent.input_messages) },
      ]);
      const narrow = await listSpans(ctx.database(), projectId, {});
      expect(narrow.data).toEqual([withoutContent(withContent), withoutContent(bare)]);
      const full = await listSpans(ctx.database(), projectId, {}, { includeContent: true });
      expect(full.data).toEqual([withContent, bare]);
    });

    test("the parent context of a stored span is found by key, singly or in a batch", async () => {
      const projectId = await ctx.newProject();
      const parent = makeSpan({ config_key: "agent", session_id: "s-9", customer_id: null });
      await insertSpans(ctx.database(), projectId, [parent]);
      const expected = { config_key: "agent", session_id: "s-9", customer_id: null };
      expect(await getParentContext(ctx.database(), projectId, parent.trace_id, parent.span_id)).toEqual(
        expected,
      );
      expect(
        await getParentContext(ctx.database(), projectId, parent.trace_id, "0000000000000001"),
      ).toBeUndefined();
      const otherProject = await ctx.newProject();
      expect(
        await getParentContext(ctx.database(), otherProject, parent.trace_id, parent.span_id),
      ).toBeUndefined();
      const found = await getParentContexts(ctx.database(), projectId, [
        { traceId: parent.trace_id, spanId: parent.span_id },
        { traceId: parent.trace_id, spanId: "0000000000000001" },
      ]);
      expect([...found.entries()]).toEqual([[`${parent.trace_id}:${parent.span_id}`, expected]]);
    });
  });

  describe("cross-source duplicates", () => {
    const broadcast = (responseId: string) =>
      makeSpan({
        source: "openrouter",
        name: "LLM Generation",
        provider: "openrouter",
        upstream_provider: "Google AI Studio",
        response_id: responseId,
        reported_cost_usd: 0.0042,
        reported_input_cost_usd: 0.003,
        reported_output_cost_usd: 0.0012,
        cost_usd: 0.0042,
        input_cost_usd: 0.003,
        output_cost_usd: 0.0012,
        cost_status: "provider",
      });

    test.each([
      ["the SDK span first", true],
      ["the Broadcast span first", false],
    ])(
      "with %s, the SDK span is kept and gains the reported cost and upstream provider",
      async (_, sdkFirst) => {
        const projectId = await ctx.newProject();
        const responseId = `gen-${randomTraceId()}`;
        const sdk = makeSpan({ response_id: responseId, provider: "openrouter", cost_usd: 0.001 });
        const other = broadcast(responseId);
        for (const span of sdkFirst ? [sdk, other] : [other, sdk]) {
          await insertSpans(ctx.database(), projectId, [span]);
        }
        const kept = await getSpan(ctx.database(), projectId, sdk.span_id);
        const duplicate = await getSpan(ctx.database(), projectId, other.span_id);
        expect(kept).toMatchObject({
          duplicate_of: null,
          reported_cost_usd: 0.0042,
          reported_input_cost_usd: 0.003,
          reported_output_cost_usd: 0.0012,
          cost_usd: 0.0042,
          cost_status: "provider",
          upstream_provider: "Google AI Studio",
        });
        expect(duplicate?.duplicate_of).toBe(sdk.span_id);
      },
    );

    test("duplicates in one batch are linked, and a duplicate is left out of trace sums", async () => {
      const projectId = await ctx.newProject();
      const responseId = `gen-${randomTraceId()}`;
      const sdk = makeSpan({ response_id: responseId, input_tokens: 100, output_tokens: 10, cost_usd: 0.01 });
      const other = {
        ...broadcast(responseId),
        trace_id: sdk.trace_id,
        input_tokens: 100,
        output_tokens: 10,
      };
      await insertSpans(ctx.database(), projectId, [other, sdk]);
      expect((await getSpan(ctx.database(), projectId, other.span_id))?.duplicate_of).toBe(sdk.span_id);
      const trace = await getTrace(ctx.database(), projectId, sdk.trace_id);
      expect(trace).toMatchObject({
        span_count: 2,
        llm_calls: 1,
        input_tokens: 100,
        output_tokens: 10,
        cost_usd: 0.0042,
      });
    });

    test("the building blocks find a match from another source, mark it and merge its cost", async () => {
      const projectId = await ctx.newProject();
      const responseId = `gen-${randomTraceId()}`;
      const other = broadcast(responseId);
      await insertSpans(ctx.database(), projectId, [other]);
      expect(await findLlmSpanByResponseId(ctx.database(), projectId, responseId, "openrouter")).toBeNull();
      const found = await findLlmSpanByResponseId(ctx.database(), projectId, responseId, "sdk-py");
      expect(found).toMatchObject({
        span_id: other.span_id,
        source: "openrouter",
        reported_cost_usd: 0.0042,
      });
      const sdk = makeSpan({ response_id: null });
      await insertSpans(ctx.database(), projectId, [sdk]);
      await markDuplicate(ctx.database(), projectId, other, sdk.span_id);
      await mergeReportedCost(ctx.database(), projectId, sdk, found as NonNullable<typeof found>);
      expect(await getSpan(ctx.database(), projectId, other.span_id)).toMatchObject({
        duplicate_of: sdk.span_id,
      });
      expect(await getSpan(ctx.database(), projectId, sdk.span_id)).toMatchObject({
        cost_usd: 0.0042,
        cost_status: "provider",
        upstream_provider: "Google AI Studio",
      });
    });

    test("a duplicate among hundreds of response ids in one batch is found wherever it sits", async () => {
      const projectId = await ctx.newProject();
      const singles = Array.from({ length: 250 }, (_, i) =>
        makeSpan({ response_id: `resp-${i}-${randomTraceId()}` }),
      );
      const responseId = `gen-${randomTraceId()}`;
      const sdk = makeSpan({ response_id: responseId });
      const other = broadcast(responseId);
      // The pair sits after the first two hundred ids, one half written before the batch.
      await insertSpans(ctx.database(), projectId, [other]);
      await insertSpans(ctx.database(), projectId, [...singles.slice(0, 230), sdk, ...singles.slice(230)]);
      expect((await getSpan(ctx.database(), projectId, other.span_id))?.duplicate_of).toBe(sdk.span_id);
      expect((await getSpan(ctx.database(), projectId, sdk.span_id))?.duplicate_of).toBeNull();
      expect((await getSpan(ctx.database(), projectId, singles[0]?.span_id ?? ""))?.duplicate_of).toBeNull();
    });

    test("spans of one source sharing a response id are not duplicates", async () => {
      const projectId = await ctx.newProject();
      const responseId = `resp-${randomTraceId()}`;
      const a = makeSpan({ response_id: responseId });
      const b = makeSpan({ response_id: responseId });
      await insertSpans(ctx.database(), projectId, [a, b]);
      expect((await getSpan(ctx.database(), projectId, a.span_id))?.duplicate_of).toBeNull();
      expect((await getSpan(ctx.database(), projectId, b.span_id))?.duplicate_of).toBeNull();
    });

    test("a matching span in another project is never linked", async () => {
      const projectA = await ctx.newProject();
      const projectB = await ctx.newProject();
      const responseId = `gen-${randomTraceId()}`;
      await insertSpans(ctx.database(), projectA, [makeSpan({ response_id: responseId })]);
      const other = broadcast(responseId);
      await insertSpans(ctx.database(), projectB, [other]);
      expect((await getSpan(ctx.database(), projectB, other.span_id))?.duplicate_of).toBeNull();
    });
  });
}
