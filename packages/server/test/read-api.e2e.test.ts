/**
 * The public read API (SPEC §5.8) over real HTTP: every span filter, cursor paging, project
 * scoping, traces, sessions, customers, metrics and legacy custom metrics.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createProject } from "../src/store/index.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const BASE = Date.parse("2026-11-20T10:00:00.000Z");

let server: TestServer;
let otherKey: string;

interface Seed {
  config_key: string;
  session_id: string;
  customer_id?: string;
  model: string;
  minute: number;
  tags?: string[];
  metadata?: Record<string, string | number | boolean>;
  status?: "OK" | "ERROR";
  prompt_key?: string;
  prompt_version?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
  duration?: number;
  trace_id?: string;
  span_id?: string;
}

function traceData(seed: Seed) {
  const start = BASE + seed.minute * 60_000;
  const usage = seed.usage ?? { prompt_tokens: 100, completion_tokens: 10 };
  return {
    config_key: seed.config_key,
    session_id: seed.session_id,
    ...(seed.customer_id ? { customer_id: seed.customer_id } : {}),
    trace_id: seed.trace_id ?? hex(16),
    span_id: seed.span_id ?? hex(8),
    name: "chat.completions.create",
    kind: "llm",
    model: seed.model,
    start_time: new Date(start).toISOString(),
    end_time: new Date(start + (seed.duration ?? 1000)).toISOString(),
    status: seed.status ?? "OK",
    ...(seed.status === "ERROR" ? { error_message: "boom" } : {}),
    tags: seed.tags ?? [],
    metadata: seed.metadata ?? {},
    ...(seed.prompt_key ? { prompt_key: seed.prompt_key, prompt_version: seed.prompt_version } : {}),
    attributes: {
      "fallom.method": "chat.completions.create",
      "fallom.raw.usage": JSON.stringify(seed.usage === undefined ? usage : usage),
      "fallom.raw.request": JSON.stringify({ messages: [{ role: "user", content: `hello ${seed.minute}` }] }),
      "fallom.raw.response": JSON.stringify({ text: `reply ${seed.minute}`, finishReason: "stop" }),
    },
  };
}

const seeds: Seed[] = [
  {
    config_key: "chat",
    session_id: "s1",
    customer_id: "alice",
    model: "gpt-4o",
    minute: 0,
    tags: ["web", "beta"],
    metadata: { plan: "pro", seats: 3 },
    duration: 1000,
  },
  {
    config_key: "chat",
    session_id: "s1",
    customer_id: "alice",
    model: "gpt-4o",
    minute: 1,
    tags: ["web"],
    metadata: { plan: "pro" },
    duration: 2000,
  },
  {
    config_key: "chat",
    session_id: "s2",
    customer_id: "bob",
    model: "gpt-4o-mini",
    minute: 2,
    tags: ["mobile"],
    metadata: { plan: "free" },
    status: "ERROR",
    duration: 3000,
  },
  {
    config_key: "summarize",
    session_id: "s3",
    customer_id: "bob",
    model: "claude-sonnet-4-20250514",
    minute: 3,
    prompt_key: "sum",
    prompt_version: 2,
    duration: 4000,
  },
  {
    config_key: "summarize",
    session_id: "s3",
    customer_id: "bob",
    model: "my-local-model",
    minute: 4,
    duration: 5000,
  },
];

beforeAll(async () => {
  server = await startTestServer();
  for (const seed of seeds) {
    const response = await server.postJson("/v1/traces", traceData(seed));
    expect(response.status).toBe(200);
  }
  const other = await createProject(server.server.database, { name: "other" });
  otherKey = (await createApiKey(server.server.database, other.id, "other")).key;
  const response = await fetch(`${server.url}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${otherKey}` },
    body: JSON.stringify(
      traceData({ config_key: "chat", session_id: "s1", customer_id: "alice", model: "gpt-4o", minute: 5 }),
    ),
  });
  expect(response.status).toBe(200);
});

afterAll(async () => {
  await server?.close();
});

const minutes = (data: Array<{ input_messages?: unknown; start_time: string }>) =>
  data.map((span) => (Date.parse(span.start_time) - BASE) / 60_000);

describe("GET /api/v1/spans", () => {
  it("lists calls newest first with the SPEC field names and no content by default", async () => {
    const { data, next_cursor } = await server.getJson("/api/v1/spans");
    expect(minutes(data)).toEqual([4, 3, 2, 1, 0]);
    expect(next_cursor).toBeNull();
    expect(data[4]).toMatchObject({
      input_tokens: 100,
      output_tokens: 10,
      session_id: "s1",
      customer_id: "alice",
    });
    expect(data[4]).not.toHaveProperty("input_messages");
    expect(data[0]).toMatchObject({ model: "my-local-model", cost_status: "unpriced", cost_usd: null });
  });

  it("adds content with include=content", async () => {
    const { data } = await server.getJson("/api/v1/spans?include=content&limit=1");
    expect(data[0].input_messages[0].parts[0].content).toBe("hello 4");
    expect(data[0].attributes["gen_ai.completion.0.content"]).toBe("reply 4");
  });

  it.each([
    ["config_key=summarize", [4, 3]],
    ["session_id=s1", [1, 0]],
    ["customer_id=bob", [4, 3, 2]],
    ["model=gpt-4o", [1, 0]],
    ["provider=anthropic", [3]],
    ["status=ERROR", [2]],
    ["kind=llm", [4, 3, 2, 1, 0]],
    ["tag=web", [1, 0]],
    ["tag=web&tag=beta", [0]],
    ["metadata.plan=pro", [1, 0]],
    ["metadata.seats=3", [0]],
    ["prompt_key=sum", [3]],
    ["prompt_version=2", [3]],
    ["cost_status=unpriced", [4]],
    ["from=2026-11-20T10:01:00Z&to=2026-11-20T10:03:00Z", [2, 1]],
  ])("filters by %s", async (query, expected) => {
    const { data } = await server.getJson(`/api/v1/spans?${query}`);
    expect(minutes(data)).toEqual(expected);
  });

  it("pages with an opaque cursor without gaps or repeats", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Array<{ start_time: string }>; next_cursor: string | null } = await server.getJson(
        `/api/v1/spans?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...minutes(page.data));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1, 0]);
  });

  it("answers 400 naming a bad parameter", async () => {
    for (const query of ["limit=500", "status=maybe", "from=yesterday", "prompt_version=two"]) {
      const response = await server.get(`/api/v1/spans?${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: string; code: string };
      expect(body.error).toContain(query.split("=")[0]);
    }
  });

  it("never shows another project's data", async () => {
    const mine = await server.getJson("/api/v1/spans");
    const theirs = await server.getJson("/api/v1/spans", otherKey);
    expect(mine.data).toHaveLength(5);
    expect(theirs.data).toHaveLength(1);
    const ownSpan = mine.data[0].span_id;
    expect((await server.get(`/api/v1/spans/${ownSpan}`, otherKey)).status).toBe(404);
    expect((await server.getJson("/api/v1/sessions", otherKey)).data).toHaveLength(1);
  });

  it("requires a key", async () => {
    expect((await fetch(`${server.url}/api/v1/spans`)).status).toBe(401);
  });
});

describe("rollups", () => {
  it("summarises sessions and shows one session's calls in order", async () => {
    const { data } = await server.getJson("/api/v1/sessions");
    const s1 = data.find((s: { session_id: string }) => s.session_id === "s1");
    expect(s1).toMatchObject({ calls: 2, customer_id: "alice", config_key: "chat" });
    const detail = await server.getJson("/api/v1/sessions/s1");
    expect(detail.calls).toHaveLength(2);
    expect(detail.next_cursor).toBeNull();
    // The calls are paged oldest first; next_cursor leads to the rest, the summary comes each time.
    const first = await server.getJson("/api/v1/sessions/s1?limit=1");
    expect(first.calls.map((call: { span_id: string }) => call.span_id)).toEqual([detail.calls[0].span_id]);
    expect(first).toMatchObject({ session_id: "s1", llm_calls: 2, next_cursor: expect.any(String) });
    const second = await server.getJson(`/api/v1/sessions/s1?limit=1&cursor=${first.next_cursor}`);
    expect(second.calls.map((call: { span_id: string }) => call.span_id)).toEqual([detail.calls[1].span_id]);
    expect(second.next_cursor).toBeNull();
    expect((await server.get("/api/v1/sessions/s1?limit=0")).status).toBe(400);
    expect((await server.get("/api/v1/sessions/s1?cursor=bm9wZQ")).status).toBe(400);
  });

  it("lists customers sortable by calls", async () => {
    const { data } = await server.getJson("/api/v1/customers?sort=calls");
    expect(data.map((c: { customer_id: string }) => c.customer_id)).toEqual(["bob", "alice"]);
    expect(data[0]).toMatchObject({ calls: 3, errors: 1 });
  });

  it("reports metrics per model with percentiles and unpriced counts", async () => {
    const { data } = await server.getJson("/api/v1/metrics?group_by=config_key");
    const chat = data.find((row: { group: string }) => row.group === "chat");
    expect(chat).toMatchObject({ count: 3, errors: 1, input_tokens: 300, output_tokens: 30 });
    expect(chat.duration_ms_p50).toBe(2000);
    const summarize = data.find((row: { group: string }) => row.group === "summarize");
    expect(summarize.unpriced_count).toBe(1);
    const byDay = await server.getJson("/api/v1/metrics?group_by=day");
    expect(byDay.data).toEqual([expect.objectContaining({ group: "2026-11-20", count: 5 })]);
  });

  it("stores legacy custom metrics, latest value per field winning", async () => {
    for (const data of [{ rating: 3, resolved: false }, { rating: 5 }]) {
      const response = await server.postJson("/spans", { config_key: "chat", session_id: "s1", data });
      expect(response.status).toBe(200);
    }
    const detail = await server.getJson("/api/v1/sessions/s1");
    expect(JSON.stringify(detail)).toMatch(/"rating":5/);
    expect(JSON.stringify(detail)).toMatch(/"resolved":false/);
    const bad = await server.postJson("/spans", { config_key: "chat", data: {} });
    expect(bad.status).toBe(400);
  });
});
