import { afterEach, describe, expect, it } from "vitest";
import fallom, { getExportStats } from "../src/index.js";
import { countOccurrences, type Sink, startSink } from "./support/sink.js";

let sink: Sink | undefined;

afterEach(async () => {
  await fallom.shutdown(1000);
  await sink?.close();
  sink = undefined;
});

/**
 * init() also starts fetching configs and prompts (SPEC §7.4); they go to a closed port, so the
 * sink sees trace exports only.
 */
const ELSEWHERE = { configsUrl: "http://127.0.0.1:9", promptsUrl: "http://127.0.0.1:9" };

async function initWithSink(options: Parameters<typeof fallom.init>[0] = {}): Promise<Sink> {
  sink = await startSink();
  await fallom.init({ apiKey: "flm_sink", baseUrl: `${sink.url}/prefix/`, ...ELSEWHERE, ...options });
  return sink;
}

function endSpans(marker: string, count: number): void {
  const session = fallom.session({ configKey: "exporter", sessionId: "exporter-session" });
  for (let i = 0; i < count; i++) session.span(marker).end();
}

/** A manual span carries its name twice: as the span name and as `fallom.method`. */
function spansIn(body: Buffer | undefined, marker: string): number {
  return countOccurrences(body ?? Buffer.alloc(0), marker) / 2;
}

function delivered(target: Sink, marker: string, ok = (status: number) => status === 200): number {
  return target.requests.reduce(
    (sum, request, index) =>
      ok(target.respond(request, index).status) ? sum + spansIn(request.body, marker) : sum,
    0,
  );
}

describe("exporter transport", () => {
  it("POSTs gzipped OTLP protobuf with the Bearer key to <tracesUrl>/v1/traces, keeping a path prefix", async () => {
    const target = await initWithSink({ serviceName: "wire-check" });
    endSpans("wire-span", 3);
    expect(await fallom.flush()).toBe(true);
    expect(target.requests).toHaveLength(1);
    const [request] = target.requests;
    expect(request?.path).toBe("/prefix/v1/traces");
    expect(request?.headers["content-type"]).toBe("application/x-protobuf");
    expect(request?.headers["content-encoding"]).toBe("gzip");
    expect(request?.headers.authorization).toBe("Bearer flm_sink");
    expect(spansIn(request?.body, "wire-span")).toBe(3);
    for (const text of ["wire-check", "@fallom/trace", "telemetry.sdk.version", "nodejs"]) {
      expect(countOccurrences(request?.body ?? Buffer.alloc(0), text)).toBeGreaterThan(0);
    }
    expect(getExportStats()).toMatchObject({ exported: 3, dropped: 0, queued: 0 });
  });

  it("honours Retry-After on 503 and delivers once the server accepts", async () => {
    const target = await initWithSink();
    const times: number[] = [];
    target.respond = (_request, index) => {
      times[index] ??= Date.now();
      return index === 0 ? { status: 503, headers: { "retry-after": "2" } } : { status: 200 };
    };
    endSpans("retry-span", 2);
    expect(await fallom.flush(10_000)).toBe(true);
    expect(target.requests).toHaveLength(2);
    // The default backoff would be 1 s ± 20 %; only Retry-After explains ≥ 1.9 s.
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1900);
    expect(spansIn(target.requests[1]?.body, "retry-span")).toBe(2);
    expect(getExportStats()).toMatchObject({ exported: 2, retries: 1 });
  });

  it("does not retry a 500 with a garbage body, counts the spans as failed and never throws", async () => {
    const target = await initWithSink();
    target.respond = () => ({ status: 500, body: "\u0000\u00ffnot json" });
    endSpans("server-error-span", 2);
    expect(await fallom.flush()).toBe(true);
    expect(target.requests).toHaveLength(1);
    expect(getExportStats()).toMatchObject({ failed: 2, exported: 0 });
  });

  it("treats a 200 with an unreadable body as success", async () => {
    const target = await initWithSink();
    target.respond = () => ({
      status: 200,
      headers: { "content-type": "application/x-protobuf" },
      body: "\u00ff\u00ff\u00ff",
    });
    endSpans("garbage-ok-span", 1);
    expect(await fallom.flush()).toBe(true);
    expect(getExportStats()).toMatchObject({ exported: 1, failed: 0 });
    expect(target.requests).toHaveLength(1);
  });

  it("splits a batch in half once on 413 and drops a single span that is too large", async () => {
    const target = await initWithSink();
    target.respond = (request) =>
      spansIn(request.body, "split-span") > 2 ? { status: 413 } : { status: 200 };
    endSpans("split-span", 4);
    expect(await fallom.flush()).toBe(true);
    expect(target.requests.map((r) => spansIn(r.body, "split-span"))).toEqual([4, 2, 2]);
    expect(delivered(target, "split-span")).toBe(4);

    target.respond = () => ({ status: 413 });
    endSpans("huge-span", 1);
    expect(await fallom.flush()).toBe(true);
    expect(target.requests).toHaveLength(4);
    expect(getExportStats()).toMatchObject({ exported: 4, dropped: 1 });
  });

  it("bounds the queue at 2,048 spans, drops the newest and counts them", async () => {
    const target = await initWithSink();
    // 512 leave at once as the first batch; the next 2,048 fill the queue; 100 more are dropped.
    endSpans("bounded-span", 512 + 2048 + 100);
    expect(getExportStats()).toMatchObject({ queued: 2048, dropped: 100 });
    expect(await fallom.flush(20_000)).toBe(true);
    expect(delivered(target, "bounded-span")).toBe(2560);
    expect(Math.max(...target.requests.map((r) => spansIn(r.body, "bounded-span")))).toBe(512);
  });

  it("immediate mode exports each span as it ends and hands every export promise to waitUntil", async () => {
    const handed: Promise<unknown>[] = [];
    const target = await initWithSink({ exportMode: "immediate", waitUntil: (p) => handed.push(p) });
    endSpans("immediate-span", 1);
    expect(handed).toHaveLength(1);
    await handed[0];
    expect(target.requests).toHaveLength(1);
    expect(spansIn(target.requests[0]?.body, "immediate-span")).toBe(1);
    endSpans("immediate-span-2", 1);
    await Promise.all(handed);
    expect(target.requests).toHaveLength(2);
  });

  it("warns once a minute on 401, even without debug, and never throws", async () => {
    const target = await initWithSink({ debug: false });
    target.respond = () => ({ status: 401, body: '{"error":"bad key"}' });
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...parts: unknown[]) => warnings.push(parts.join(" "));
    try {
      endSpans("unauthorized-span", 1);
      expect(await fallom.flush()).toBe(true);
      endSpans("unauthorized-span", 1);
      expect(await fallom.flush()).toBe(true);
    } finally {
      console.warn = original;
    }
    expect(target.requests).toHaveLength(2);
    expect(warnings.filter((w) => w.includes("401"))).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[Fallom\]/);
    expect(getExportStats()).toMatchObject({ failed: 2 });
  });

  it("after shutdown, spans are not exported and init is allowed again", async () => {
    const target = await initWithSink();
    const session = fallom.session({ configKey: "exporter", sessionId: "after-shutdown" });
    const open = session.span("open-at-shutdown");
    await fallom.shutdown();
    open.end();
    session.span("after-shutdown-span").end();
    expect(target.requests).toHaveLength(0);
    await fallom.init({ apiKey: "flm_sink", baseUrl: target.url, ...ELSEWHERE });
    endSpans("reinit-span", 1);
    expect(await fallom.flush()).toBe(true);
    expect(target.requests).toHaveLength(1);
    expect(spansIn(target.requests[0]?.body, "open-at-shutdown")).toBe(0);
  });
});
