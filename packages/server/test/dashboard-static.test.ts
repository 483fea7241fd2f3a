/**
 * The dashboard SPA served by the server (dashboard contract "Static serving"), in-process with
 * `app.request()`: real files with their cache policy, `index.html` with a CSP for client-side
 * routes, reserved API prefixes never swallowed, and a helpful page when the build is missing.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../src/config.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head></html>';

describe("with a dashboard build", () => {
  let dist: string;
  let server: TestServer;
  const get = (pathname: string, init?: RequestInit) => server.server.app.request(pathname, init);

  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), "fallom-dist-"));
    await mkdir(path.join(dist, "assets"));
    await writeFile(path.join(dist, "index.html"), INDEX);
    await writeFile(path.join(dist, "assets", "index-abc123.js"), "console.log('app')");
    await writeFile(path.join(dist, "assets", "index-abc123.css"), "body{}");
    await writeFile(path.join(dist, "favicon.svg"), "<svg/>");
    await writeFile(path.join(path.dirname(dist), "secret.txt"), "outside");
    server = await startTestServer({ env: { FALLOM_DASHBOARD_DIR: dist } });
  });

  afterAll(async () => {
    await server?.close();
    await rm(dist, { recursive: true, force: true });
  });

  it("serves index.html at / and for client-side routes, uncached and with a CSP without inline scripts", async () => {
    for (const pathname of [
      "/",
      "/observability/traces",
      "/observability/traces/abc?model=gpt-4o",
      "/setup?token=x",
    ]) {
      const response = await get(pathname);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache");
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(await response.text()).toBe(INDEX);
    }
  });

  it("serves hashed assets for a year and other files revalidated, with their content types", async () => {
    const script = await get("/assets/index-abc123.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await script.text()).toBe("console.log('app')");
    expect((await get("/assets/index-abc123.css")).headers.get("content-type")).toMatch(/^text\/css/);
    const icon = await get("/favicon.svg");
    expect(icon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get("cache-control")).toBe("no-cache");
  });

  it("answers 404 for a missing hashed asset instead of the page", async () => {
    const response = await get("/assets/index-gone.js");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "not_found" });
  });

  it("never lets the SPA swallow a reserved prefix", async () => {
    for (const pathname of [
      "/api/v1/nope",
      "/api/nope",
      "/v1/nope",
      "/spans",
      "/configs",
      "/sessions",
      "/prompts",
      "/prompt-ab-tests",
      "/media/nope",
      "/anthropic/x/v1/messages",
    ]) {
      const response = await get(pathname);
      expect(response.headers.get("content-type"), pathname).not.toContain("text/html");
      expect([401, 404, 405], pathname).toContain(response.status);
    }
    expect(await (await get("/healthz")).json()).toEqual({ status: "ok" });
    // A reserved API path still needs its auth.
    expect((await get("/api/v1/spans")).status).toBe(401);
  });

  it("does not serve files outside the build folder", async () => {
    for (const pathname of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"]) {
      const body = await (await get(pathname)).text();
      expect(body, pathname).not.toContain("outside");
    }
  });
});

describe("without a dashboard build", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      env: { FALLOM_DASHBOARD_DIR: path.join(tmpdir(), "fallom-no-such-dist") },
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  it("answers / with a text page that says how to build the dashboard", async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toContain("npm run build");
  });

  it("locates the build next to the server package by default", () => {
    const config = resolveConfig({ dataDir: "/tmp/x" }, {});
    expect(config.dashboardDir).toBe(path.resolve(import.meta.dirname, "../../dashboard/dist"));
  });
});
