/**
 * A minimal valid RawSpan for unit tests; override only what the test is about.
 */
import type { RawSpan } from "../../raw-span.js";

export const START_NS = 1_800_000_000_000_000_000n;

export function makeRawSpan(overrides: Partial<RawSpan> = {}): RawSpan {
  return {
    traceId: "0123456789abcdef0123456789abcdef",
    spanId: "0123456789abcdef",
    parentSpanId: null,
    name: "span",
    kind: 1,
    startTimeUnixNano: START_NS,
    endTimeUnixNano: START_NS + 1_500_000_000n,
    attributes: {},
    resourceAttributes: {},
    scope: null,
    events: [],
    status: { code: 0, message: "" },
    ...overrides,
  };
}
