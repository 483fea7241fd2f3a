/**
 * Load shedding (SPEC §5.2): above the writer's high-water mark ingest answers 503 with
 * Retry-After — never 429, which deployed Python exporters treat as permanent — and a retry
 * after the delay is stored once.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { FALLOM_INGEST_HIGH_WATER: "10" } });
});
afterAll(async () => {
  await server?.close();
});

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

function batch(size: number) {
  const traceId = hex(16);
  return Array.from({ length: size }, (_, i) => ({
    config_key: "overload",
    session_id: "overload",
    trace_id: traceId,
    span_id: hex(8),
    model: "gpt-4o-mini",
    start_time: new Date(Date.now() + i).toISOString(),
    end_time: new Date(Date.now() + i + 10).toISOString(),
    attributes: {
      "fallom.raw.request": JSON.stringify({ messages: [{ role: "user", content: "y".repeat(2000) }] }),
    },
  }));
}

it("sheds load with 503 + Retry-After and stores the retried batches exactly once", async () => {
  const batches = Array.from({ length: 100 }, () => batch(200));
  const first = await Promise.all(batches.map((body) => server.postJson("/v1/traces", body)));
  const statuses = first.map((response) => response.status);
  expect(statuses).toContain(503);
  expect(statuses).toContain(200);
  expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
  const shed = first.filter((response) => response.status === 503);
  for (const response of shed) {
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await response.json()) as { code: string }).code).toBe("overloaded");
  }
  // Retry everything (also the accepted ones, as a sender unsure of the outcome would).
  for (const body of batches) {
    for (;;) {
      const response = await server.postJson("/v1/traces", body);
      if (response.status === 200) break;
      expect(response.status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const metrics = await server.getJson("/api/v1/metrics?group_by=config_key&config_key=overload");
  expect(metrics.data[0].count).toBe(100 * 200);
}, 60_000);
