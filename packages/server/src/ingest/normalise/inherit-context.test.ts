import { describe, expect, it, vi } from "vitest";
import type { NormalisedSpan } from "../../domain/span-record.js";
import type { Attributes } from "../raw-span.js";
import { inheritContext } from "./inherit-context.js";
import { normaliseOtlpSpan } from "./normalise-otlp-span.js";
import { makeRawSpan } from "./test-support/make-raw-span.js";

const TRACE = "0123456789abcdef0123456789abcdef";

function span(spanId: string, parentSpanId: string | null, attributes: Attributes = {}): NormalisedSpan {
  return normaliseOtlpSpan(
    makeRawSpan({
      traceId: TRACE,
      spanId,
      parentSpanId,
      attributes,
      resourceAttributes: { "service.name": "svc" },
    }),
    {},
  );
}

const ROOT_CONTEXT = {
  "fallom.config_key": "root-config",
  "fallom.session_id": "root-session",
  "fallom.customer_id": "root-customer",
};

describe("inheritContext", () => {
  it("gives a child without context its parent's, whatever the batch order", () => {
    const records = inheritContext([
      span("bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa"),
      span("aaaaaaaaaaaaaaaa", null, ROOT_CONTEXT),
    ]);
    expect(records[0]).toMatchObject({
      span_id: "bbbbbbbbbbbbbbbb",
      config_key: "root-config",
      session_id: "root-session",
      customer_id: "root-customer",
    });
  });

  it("walks past ancestors that carry nothing to the nearest one that does", () => {
    const records = inheritContext([
      span("cccccccccccccccc", "bbbbbbbbbbbbbbbb"),
      span("bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa", { "fallom.session_id": "middle-session" }),
      span("aaaaaaaaaaaaaaaa", null, ROOT_CONTEXT),
    ]);
    expect(records[0]).toMatchObject({
      session_id: "middle-session",
      config_key: "root-config",
      customer_id: "root-customer",
    });
    expect(records[1]).toMatchObject({ session_id: "middle-session", config_key: "root-config" });
  });

  it("never overwrites a value the span carried itself", () => {
    const records = inheritContext([
      span("bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa", { "fallom.session_id": "own-session" }),
      span("aaaaaaaaaaaaaaaa", null, ROOT_CONTEXT),
    ]);
    expect(records[0]).toMatchObject({ session_id: "own-session", config_key: "root-config" });
  });

  it("keeps the defaults when no ancestor carries the field", () => {
    const records = inheritContext([
      span("bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa"),
      span("aaaaaaaaaaaaaaaa", null),
    ]);
    expect(records[0]).toMatchObject({ config_key: "svc", session_id: null, customer_id: null });
  });

  it("asks the store for a parent that is not in the batch", () => {
    const storedParent = vi.fn(() => ({
      config_key: "stored-config",
      session_id: "stored-session",
      customer_id: null,
    }));
    const records = inheritContext([span("bbbbbbbbbbbbbbbb", "9999999999999999")], storedParent);
    expect(storedParent).toHaveBeenCalledWith(TRACE, "9999999999999999");
    expect(records[0]).toMatchObject({
      config_key: "stored-config",
      session_id: "stored-session",
      customer_id: null,
    });
  });

  it("asks the store for the first ancestor above the batch when in-batch ancestors carry nothing", () => {
    const storedParent = vi.fn(() => ({
      config_key: "stored-config",
      session_id: "stored-session",
      customer_id: "c",
    }));
    const records = inheritContext(
      [span("cccccccccccccccc", "bbbbbbbbbbbbbbbb"), span("bbbbbbbbbbbbbbbb", "9999999999999999")],
      storedParent,
    );
    expect(storedParent).toHaveBeenCalledWith(TRACE, "9999999999999999");
    expect(records[0]).toMatchObject({ session_id: "stored-session", customer_id: "c" });
  });

  it("keeps the defaults when the stored parent is unknown", () => {
    const records = inheritContext([span("bbbbbbbbbbbbbbbb", "9999999999999999")], () => undefined);
    expect(records[0]).toMatchObject({ config_key: "svc", session_id: null });
  });

  it("does not look at spans of another trace with the same span id", () => {
    const other = normaliseOtlpSpan(
      makeRawSpan({ traceId: "f".repeat(32), spanId: "aaaaaaaaaaaaaaaa", attributes: ROOT_CONTEXT }),
      {},
    );
    const records = inheritContext([span("bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa"), other]);
    expect(records[0]?.session_id).toBeNull();
  });

  it("stops on a parent cycle instead of looping", () => {
    const records = inheritContext([
      span("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"),
      span("bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa"),
    ]);
    expect(records.map((record) => record.session_id)).toEqual([null, null]);
  });

  it("returns new records and leaves its input untouched", () => {
    const child = span("bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa");
    const records = inheritContext([child, span("aaaaaaaaaaaaaaaa", null, ROOT_CONTEXT)]);
    expect(records[0]).not.toBe(child.record);
    expect(child.record.session_id).toBeNull();
  });
});
