/**
 * Free-text search (`GET /api/v1/spans?q=`) and the streamed export
 * (`GET /api/v1/spans/export?format=jsonl|csv`) against the real server: project-scoped, combined
 * with the other filters, every matching span across many pages, CSV quoting and formula escaping.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "../src/http/to-csv-row.js";
import { createApiKey, createProject } from "../src/store/index.js";
import { DashboardClient, inProcess } from "./support/dashboard-client.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const ADMIN = { email: "export@example.com", password: "export-password-1" };

let server: TestServer;
let otherKey: string;

function call(options: { prompt: string; answer?: string; model?: string; customer?: string; at: number }) {
  return {
    config_key: "search-test",
    session_id: "s1",
    customer_id: options.customer ?? "acme",
    trace_id: hex(16),
    span_id: hex(8),
    name: "chat.completions.create",
    kind: "llm",
    model: options.model ?? "gpt-4o",
    start_time: new Date(options.at).toISOString(),
    end_time: new Date(options.at + 100).toISOString(),
    status: "OK",
    tags: [],
    attributes: {
      "fallom.method": "chat.completions.create",
      "fallom.raw.usage": JSON.stringify({ prompt_tokens: 10, completion_tokens: 2 }),
      "fallom.raw.request": JSON.stringify({ messages: [{ role: "user", content: options.prompt }] }),
      "fallom.raw.response": JSON.stringify({ text: options.answer ?? "ok", finishReason: "stop" }),
    },
  };
}

async function ingest(calls: unknown[], key = server.apiKey) {
  const response = await fetch(`${server.url}/v1/traces`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(calls),
  });
  expect(response.status).toBe(200);
}

const spanIds = async (query: string, key?: string) =>
  (await server.getJson(`/api/v1/spans${query}`, key)).data.map((span: { span_id: string }) => span.span_id);

const base = Date.now() - 3_600_000;
const refund = call({ prompt: "Where is my REFUND?", answer: "On its way", at: base + 3000 });
const refundClaude = call({ prompt: "refund status", model: "claude-3-5-haiku", at: base + 2000 });
const tricky = call({
  prompt: "Hi",
  answer: 'Say "hello, world"\nthen stop',
  customer: "=HYPERLINK(evil)",
  at: base + 1000,
});
const bulk = Array.from({ length: 1200 }, (_, i) =>
  call({ prompt: `bulk ${i}`, model: "bulk-model", at: base - i }),
);

beforeAll(async () => {
  server = await startTestServer({
    env: { FALLOM_ADMIN_EMAIL: ADMIN.email, FALLOM_ADMIN_PASSWORD: ADMIN.password },
  });
  const other = await createProject(server.server.database, { name: "other" });
  otherKey = (await createApiKey(server.server.database, other.id, "other")).key;
  await ingest([refund, refundClaude, tricky]);
  await ingest(bulk);
  await ingest([call({ prompt: "refund in the other project", at: base + 5000 })], otherKey);
});

afterAll(async () => {
  await server?.close();
});

describe("GET /api/v1/spans?q=", () => {
  it("finds the text in prompts and completions, any case, newest first, in this project only", async () => {
    expect(await spanIds("?q=refund")).toEqual([refund.span_id, refundClaude.span_id]);
    expect(await spanIds("?q=ON%20ITS%20WAY")).toEqual([refund.span_id]);
    expect(await spanIds(`?q=${encodeURIComponent('"hello, world"')}`)).toEqual([tricky.span_id]);
    expect(await spanIds("?q=no-such-words-anywhere")).toEqual([]);
    expect(await spanIds("?q=refund", otherKey)).toHaveLength(1);
  });

  it("combines with the other filters and pages", async () => {
    expect(await spanIds("?q=refund&model=claude-3-5-haiku")).toEqual([refundClaude.span_id]);
    const first = await server.getJson("/api/v1/spans?q=refund&limit=1");
    expect(first.data.map((span: { span_id: string }) => span.span_id)).toEqual([refund.span_id]);
    expect(await spanIds(`?q=refund&limit=1&cursor=${first.next_cursor}`)).toEqual([refundClaude.span_id]);
    const withContent = await server.getJson("/api/v1/spans?q=refund&include=content&limit=1");
    expect(JSON.stringify(withContent.data[0].input_messages)).toContain("Where is my REFUND?");
  });

  it("answers 400 for a search text over 500 characters", async () => {
    const response = await server.get(`/api/v1/spans?q=${"x".repeat(501)}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: "invalid_parameter",
      error: expect.stringContaining('"q"'),
    });
  });
});

describe("GET /api/v1/spans/export", () => {
  it("streams every matching span as JSONL API objects, over many pages", async () => {
    const response = await server.get("/api/v1/spans/export?format=jsonl&model=bulk-model");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="fallom-spans-default-\d{8}T\d{6}Z\.jsonl"$/,
    );
    const lines = (await response.text()).trimEnd().split("\n");
    expect(lines).toHaveLength(1200);
    const spans = lines.map((line) => JSON.parse(line));
    expect(new Set(spans.map((span) => span.span_id)).size).toBe(1200);
    expect(spans[0]).toMatchObject({
      span_id: bulk[0]?.span_id,
      model: "bulk-model",
      start_time: expect.any(String),
    });
    expect(spans[0]).not.toHaveProperty("input_messages");
  });

  it("adds content with include=content and applies q", async () => {
    const text = await (
      await server.get("/api/v1/spans/export?format=jsonl&q=refund&include=content")
    ).text();
    const spans = text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(spans.map((span) => span.span_id)).toEqual([refund.span_id, refundClaude.span_id]);
    expect(JSON.stringify(spans[0].input_messages)).toContain("Where is my REFUND?");
  });

  it("writes CSV with the scalar fields, quoting and formula escaping", async () => {
    const response = await server.get("/api/v1/spans/export?format=csv&config_key=search-test&model=gpt-4o");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await response.text();
    const [header, ...rows] = text.split("\r\n").filter((line) => line !== "");
    expect(header).toBe(CSV_COLUMNS.join(","));
    expect(rows).toHaveLength(2);
    expect(rows[0]?.startsWith(`${refund.trace_id},${refund.span_id},,chat.completions.create,llm,`)).toBe(
      true,
    );
    const trickyRow = rows[1] ?? "";
    expect(trickyRow).toContain(`'=HYPERLINK(evil)`);
    expect(trickyRow).toContain(",false,"); // is_streaming
    expect(text).not.toContain("hello, world"); // content is never in the CSV
  });

  it("exports with a dashboard cookie for the project in ?project=, and refuses an unknown format", async () => {
    const browser = new DashboardClient(inProcess(server.server.app));
    await browser.login(ADMIN.email, ADMIN.password);
    const other = (await browser.json("GET", "/api/v1/projects")).data.find(
      (project: { name: string }) => project.name === "other",
    );
    const response = await browser.request("GET", `/api/v1/spans/export?format=csv&project=${other.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(`fallom-spans-${other.id}-`);
    expect((await response.text()).split("\r\n").filter((line) => line !== "")).toHaveLength(2);

    const bad = await server.get("/api/v1/spans/export?format=xml");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "invalid_parameter" });
    expect((await fetch(`${server.url}/api/v1/spans/export`)).status).toBe(401);
  });
});
