/**
 * `npm run demo` (scripts/demo.mjs) against the real server: it must fill a project with the mix a
 * new user expects to see — several config keys, customers and providers, streams with TTFT, a
 * tool call, an image, and some provider errors.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiSpan, startTraceServer, type TraceServer } from "./support/harness.js";

const DEMO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../scripts/demo.mjs");

let server: TraceServer;
beforeAll(async () => {
  server = await startTraceServer();
});
afterAll(async () => {
  await server.close();
});

function runDemo(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DEMO, ...args], { env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (data) => {
      output += data;
    });
    child.stderr.on("data", (data) => {
      output += data;
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run demo", () => {
  it("refuses to start without a key and says where to get one", async () => {
    const { code, output } = await runDemo(["--calls", "1"], { FALLOM_API_KEY: "" });
    expect(code).toBe(2);
    expect(output).toContain("FALLOM_API_KEY");
  });

  it("sends a realistic mix of traced calls that the read API returns", async () => {
    const { code, output } = await runDemo(
      ["--calls", "80", "--interval-ms", "0", "--seed", "42", "--base-url", server.url],
      { FALLOM_API_KEY: server.apiKey },
    );
    expect(code, output).toBe(0);
    expect(output).toContain("demo: done, 80 calls");

    const spans: ApiSpan[] = await server.waitForSpans({}, 80);
    const llm = spans.filter((span) => span.kind === "llm" || span.kind === "embedding");
    expect(llm.length).toBeGreaterThanOrEqual(80);
    expect(new Set(spans.map((span) => span.config_key)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(spans.map((span) => span.customer_id)).size).toBeGreaterThanOrEqual(4);
    const providers = new Set(llm.map((span) => span.provider));
    for (const provider of ["anthropic", "google"]) expect(providers.has(provider)).toBe(true);
    expect(spans.some((span) => span.status === "ERROR")).toBe(true);
    expect(spans.some((span) => span.is_streaming && span.time_to_first_token_ms > 0)).toBe(true);
    expect(spans.some((span) => span.kind === "tool")).toBe(true);
    expect(llm.some((span) => (span.input_tokens ?? 0) > 0 && (span.output_tokens ?? 0) > 0)).toBe(true);
    expect(spans.every((span) => (span.tags as string[]).includes("demo"))).toBe(true);

    const withContent: ApiSpan[] = await server.spans({ include: "content", config_key: "vision" });
    const images = withContent.filter((span) =>
      JSON.stringify(span.input_messages ?? null).includes("/media/"),
    );
    expect(images.length).toBeGreaterThan(0);
  }, 120_000);
});
