/**
 * Shared helpers for the native TraceData tests: fixture loading and the expected-value
 * building blocks computed independently of the code under test.
 */
import { readFileSync } from "node:fs";
import type { FallomHeaders } from "../../../domain/span-record.js";
import type { TraceData } from "../../native-trace-data.js";
import { normaliseTraceData } from "../normalise-trace-data.js";

/** A fixture file as parsed JSON, unchecked (also the invalid ones). */
export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../__fixtures__/${name}`, import.meta.url), "utf8"));
}

export function nativeFixture(name: string): TraceData {
  return fixtureJson(name) as TraceData;
}

export function normaliseFixture(name: string, headers: FallomHeaders = {}) {
  return normaliseTraceData(nativeFixture(name), headers);
}

/** µs since the epoch of a ms-precision ISO date, computed independently of the code under test. */
export function micros(iso: string): number {
  return Date.parse(iso) * 1000;
}

export const NO_TOKENS = {
  input_tokens: null,
  output_tokens: null,
  cache_read_tokens: null,
  cache_write_tokens: null,
  reasoning_tokens: null,
  total_tokens: null,
};

export const NO_COST = { cost_usd: null, input_cost_usd: null, output_cost_usd: null, price_ref: null };
