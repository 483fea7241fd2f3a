/**
 * Dashboard accounts against the real server (SQLite): the first-admin setup link, login and
 * logout with the session cookie, CSRF on cookie mutations, roles, users, projects and project
 * switching, the login rate limit, and cookie access to /api/v1 and /media. Most requests go
 * in-process through `app.request()`; the cookie round trip is also checked over real HTTP.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "../src/config.js";
import { type RunningServer, startServer } from "../src/server.js";
import { DashboardClient, inProcess, overHttp, sessionCookieOf } from "./support/dashboard-client.js";
import { fixtureJson } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const ADMIN = { email: "admin@example.com", password: "admin-password-1" };
const IMAGE_SHA = "8af2967a7109d7106f9ecbf50b55ad19b8cc9617725a86fe0995c275966a6e34";

/** A server of its own on a fresh data dir, with its log lines. */
async function startLogged(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const server = await startServer(resolveConfig({ port: 0, dataDir }, env), {
    log: (line) => lines.push(line),
  });
  return { server, lines };
}

describe("first start", () => {
  let dataDir: string;
  const running: RunningServer[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "fallom-setup-"));
  });

  afterAll(async () => {
    for (const server of running) await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints a setup link whose token creates the first admin once; a restart replaces the token", async () => {
    const first = await startLogged(dataDir);
    running.push(first.server);
    const firstToken = first.server.setupToken as string;
    expect(firstToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.lines).toContain(
      `Open ${first.server.url}/setup?token=${firstToken} to create the first admin account.`,
    );
    // The API key banner is still there, beside it.
    expect(first.lines.join("\n")).toContain(first.server.createdApiKey as string);
    await first.server.close();

    const second = await startLogged(dataDir);
    running.push(second.server);
    const token = second.server.setupToken as string;
    expect(token).not.toBe(firstToken);
    const client = new DashboardClient(inProcess(second.server.app));

    expect(await client.json("GET", "/api/auth/state")).toEqual({ needs_setup: true });
    expect((await client.request("GET", "/api/v1/spans")).status).toBe(401);

    const setup = (body: Record<string, unknown>) =>
      client.request("POST", "/api/auth/setup", { email: ADMIN.email, password: ADMIN.password, ...body });
    const stale = await setup({ token: firstToken });
    expect(stale.status).toBe(403);
    expect(await stale.json()).toMatchObject({ code: "invalid_setup_token" });
    expect((await setup({ token: "guessed" })).status).toBe(403);

    const short = await setup({ token, password: "too-short" });
    expect(short.status).toBe(400);
    expect(((await short.json()) as any).error).toContain("at least 10 characters");

    const created = await setup({ token, name: "Ada" });
    expect(created.status).toBe(200);
    const me = await created.json();
    expect(me).toEqual({
      user: { id: expect.stringMatching(/^usr_/), email: ADMIN.email, name: "Ada", role: "admin" },
      projects: [{ id: "default", name: "default" }],
      csrf_token: expect.any(String),
    });
    const cookie = sessionCookieOf(created);
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.attributes).toContain("HttpOnly");
    expect(cookie?.attributes).toContain("SameSite=Lax");
    expect(cookie?.attributes).toContain("Path=/");
    expect(cookie?.attributes).toContain("Max-Age=2592000");
    expect(cookie?.attributes).not.toContain("Secure");
    expect((await client.request("GET", "/api/v1/spans")).status).toBe(200);

    const again = await new DashboardClient(inProcess(second.server.app)).request("POST", "/api/auth/setup", {
      token,
      email: "intruder@example.com",
      password: "intruder-password",
    });
    expect(again.status).toBe(403);
    expect(await client.json("GET", "/api/auth/state")).toEqual({ needs_setup: false });
    await second.server.close();

    // Once a user exists, a restart prints no link.
    const third = await startLogged(dataDir);
    running.push(third.server);
    expect(third.server.setupToken).toBeNull();
    expect(third.lines.join("\n")).not.toContain("/setup?token=");
  });

  it("creates the first admin from FALLOM_ADMIN_EMAIL and FALLOM_ADMIN_PASSWORD instead of a link", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "fallom-env-admin-"));
    try {
      const { server, lines } = await startLogged(dir, {
        FALLOM_ADMIN_EMAIL: "ops@example.com",
        FALLOM_ADMIN_PASSWORD: "ops-password-123",
      });
      running.push(server);
      expect(server.setupToken).toBeNull();
      expect(lines.join("\n")).not.toContain("/setup?token=");
      expect(lines).toContain("Created the first admin account ops@example.com (from FALLOM_ADMIN_EMAIL).");
      const client = new DashboardClient(inProcess(server.app));
      expect(await client.login("OPS@example.com", "ops-password-123")).toMatchObject({
        user: { email: "ops@example.com", role: "admin" },
      });
      await server.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses to start with a too-short FALLOM_ADMIN_PASSWORD or only one of the two variables", () => {
    const config = (env: NodeJS.ProcessEnv) => () => resolveConfig({ dataDir: "/tmp/x" }, env);
    expect(config({ FALLOM_ADMIN_EMAIL: "a@example.com", FALLOM_ADMIN_PASSWORD: "short" })).toThrow(
      /FALLOM_ADMIN_PASSWORD is not accepted: The password must be at least 10 characters long/,
    );
    expect(config({ FALLOM_ADMIN_EMAIL: "a@example.com" })).toThrow(ConfigError);
    expect(config({ FALLOM_ADMIN_PASSWORD: "long-enough-password" })).toThrow(/both FALLOM_ADMIN_EMAIL/);
    expect(config({ FALLOM_ADMIN_EMAIL: "not-an-email", FALLOM_ADMIN_PASSWORD: "long-enough-1" })).toThrow(
      /must be an email address/,
    );
  });
});

describe("with an admin", () => {
  let server: TestServer;
  let admin: DashboardClient;
  const client = () => new DashboardClient(inProcess(server.server.app));

  beforeAll(async () => {
    server = await startTestServer({
      env: { FALLOM_ADMIN_EMAIL: ADMIN.email, FALLOM_ADMIN_PASSWORD: ADMIN.password },
    });
    admin = client();
    await admin.login(ADMIN.email, ADMIN.password);
  });

  afterAll(async () => {
    await server?.close();
  });

  async function addUser(email: string, role: string, password = `${role}-password-1`) {
    const response = await admin.request("POST", "/api/v1/users", { email, name: role, password, role });
    expect(response.status).toBe(201);
    const user: any = await response.json();
    const session = client();
    await session.login(email, password);
    return { user, session, password };
  }

  describe("login and logout", () => {
    it("logs in over real HTTP, reads the API with the cookie, and logs out with the CSRF token", async () => {
      const browser = new DashboardClient(overHttp(server.url));
      const me = await browser.login(ADMIN.email, ADMIN.password);
      expect(me.user).toMatchObject({ email: ADMIN.email, role: "admin" });
      expect(await browser.json("GET", "/api/auth/me")).toEqual(me);
      expect((await browser.json("GET", "/api/v1/spans")).data).toEqual(expect.any(Array));

      const noCsrf = await browser.request("POST", "/api/auth/logout", undefined, { csrf: null });
      expect(noCsrf.status).toBe(403);
      expect(await noCsrf.json()).toMatchObject({ code: "csrf_token_invalid" });

      const cookie = browser.cookie;
      const out = await browser.request("POST", "/api/auth/logout");
      expect(out.status).toBe(204);
      expect(sessionCookieOf(out)?.attributes).toMatch(/Max-Age=0/);
      browser.cookie = cookie; // a copy of the old cookie no longer works
      const me401 = await browser.request("GET", "/api/auth/me");
      expect(me401.status).toBe(401);
      expect(await me401.json()).toMatchObject({ code: "not_logged_in" });
      expect((await browser.request("GET", "/api/v1/spans")).status).toBe(401);
    });

    it("answers 401 invalid_credentials for a wrong password or an unknown email, alike", async () => {
      for (const body of [
        { email: ADMIN.email, password: "wrong-password" },
        { email: "nobody@example.com", password: "wrong-password" },
      ]) {
        const response = await client().request("POST", "/api/auth/login", body, {
          headers: { "x-forwarded-for": "192.0.2.50" },
        });
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({
          error: "Wrong email or password.",
          code: "invalid_credentials",
        });
        expect(sessionCookieOf(response)).toBeUndefined();
      }
    });

    it("takes login bodies as JSON only (no cross-site form logins)", async () => {
      const response = await client().request("POST", "/api/auth/login", JSON.stringify(ADMIN), {
        headers: { "content-type": "text/plain" },
      });
      expect(response.status).toBe(415);
    });

    it("refuses the sixth attempt after five failures with 429 and Retry-After, even with the right password", async () => {
      const { user, password } = await addUser("target@example.com", "viewer");
      const attempt = (pass: string) =>
        client().request(
          "POST",
          "/api/auth/login",
          { email: user.email, password: pass },
          { headers: { "x-forwarded-for": "198.51.100.7" } },
        );
      for (let i = 0; i < 5; i++) expect((await attempt("not-the-password")).status).toBe(401);
      const refused = await attempt(password);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ code: "too_many_attempts" });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(800);
      // Another address is not locked out.
      const elsewhere = await client().request(
        "POST",
        "/api/auth/login",
        { email: user.email, password },
        { headers: { "x-forwarded-for": "198.51.100.8" } },
      );
      expect(elsewhere.status).toBe(200);
    });
  });

  describe("CSRF and API keys", () => {
    it("requires X-CSRF-Token on cookie mutations but not on Bearer-key requests", async () => {
      for (const csrf of [null, "wrong-token"]) {
        const response = await admin.request("POST", "/api/v1/keys", { name: "csrf" }, { csrf });
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ code: "csrf_token_invalid" });
      }
      expect((await admin.request("POST", "/api/v1/keys", { name: "with-csrf" })).status).toBe(201);
      const byKey = await server.postJson("/api/v1/keys", { name: "by-key" });
      expect(byKey.status).toBe(201);
    });

    it("lists keys with their last use, and a key revoked from the dashboard gets 401 on ingest at once", async () => {
      const created = await admin.json("POST", "/api/v1/keys", { name: "revoke-me" });
      const ingest = (key: string) =>
        fetch(`${server.url}/v1/traces`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: "{}",
        });
      expect((await ingest(created.key)).status).toBe(200);
      const listed = await admin.json("GET", "/api/v1/keys");
      expect(listed.data.find((key: { id: string }) => key.id === created.id)).toMatchObject({
        name: "revoke-me",
        display_prefix: created.key.slice(0, 8),
        created_at: expect.any(String),
        last_used_at: expect.any(String),
        revoked_at: null,
      });
      expect((await admin.request("DELETE", `/api/v1/keys/${created.id}`)).status).toBe(200);
      expect((await ingest(created.key)).status).toBe(401);
    });
  });

  describe("roles", () => {
    it("lets a viewer read but not create keys, change settings or list users", async () => {
      const { session, user, password } = await addUser("viewer@example.com", "viewer");
      expect((await session.request("GET", "/api/v1/spans")).status).toBe(200);
      expect((await session.request("GET", "/api/v1/keys")).status).toBe(200);
      for (const [method, path, body] of [
        ["POST", "/api/v1/keys", { name: "nope" }],
        ["PATCH", "/api/v1/settings", { retention_days: 1 }],
        ["PUT", "/api/v1/prices", { model_pattern: "x", input_mtok: 1, output_mtok: 1 }],
      ] as const) {
        const response = await session.request(method, path, body);
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ code: "forbidden" });
      }
      expect((await session.request("GET", "/api/v1/users")).status).toBe(403);
      // Their own name and password they may change (the password needs the current one).
      expect(await session.json("PATCH", `/api/v1/users/${user.id}`, { name: "Vera" })).toMatchObject({
        name: "Vera",
        role: "viewer",
      });
      const noCurrent = await session.request("PATCH", `/api/v1/users/${user.id}`, {
        password: "new-password-1",
      });
      expect(noCurrent.status).toBe(400);
      expect(await noCurrent.json()).toMatchObject({ code: "current_password_required" });
      expect(
        (
          await session.request("PATCH", `/api/v1/users/${user.id}`, {
            password: "new-password-1",
            current_password: password,
          })
        ).status,
      ).toBe(200);
      expect((await session.request("PATCH", `/api/v1/users/${user.id}`, { role: "admin" })).status).toBe(
        403,
      );
    });

    it("lets a member change prices but not keys or users", async () => {
      const { session, user } = await addUser("member@example.com", "member");
      const price = await session.request("PUT", "/api/v1/prices", {
        model_pattern: "member-model",
        input_mtok: 1,
        output_mtok: 2,
      });
      expect(price.status).toBe(200);
      expect((await session.request("POST", "/api/v1/keys", { name: "nope" })).status).toBe(403);
      expect((await session.request("GET", "/api/v1/users")).status).toBe(403);
      const create = await session.request("POST", "/api/v1/users", {
        email: "sneaky@example.com",
        password: "sneaky-password",
        role: "admin",
      });
      expect(create.status).toBe(403);
      expect((await session.request("PATCH", `/api/v1/users/${user.id}`, { role: "admin" })).status).toBe(
        403,
      );
      const adminId = (await admin.json("GET", "/api/auth/me")).user.id;
      expect((await session.request("PATCH", `/api/v1/users/${adminId}`, { name: "x" })).status).toBe(403);
    });

    it("manages users: list, duplicate email, password reset signs out, delete, and never the last admin", async () => {
      const { user, session } = await addUser("temp@example.com", "member");
      const { data } = await admin.json("GET", "/api/v1/users");
      expect(data.find((row: { id: string }) => row.id === user.id)).toEqual({
        id: user.id,
        email: "temp@example.com",
        name: "member",
        role: "member",
        created_at: expect.any(String),
      });
      expect(JSON.stringify(data)).not.toContain("scrypt");
      const duplicate = await admin.request("POST", "/api/v1/users", {
        email: "TEMP@example.com",
        password: "another-password",
        role: "viewer",
      });
      expect(duplicate.status).toBe(409);
      expect(await duplicate.json()).toMatchObject({ code: "email_taken" });

      expect(
        (await admin.request("PATCH", `/api/v1/users/${user.id}`, { password: "reset-password-1" })).status,
      ).toBe(200);
      expect((await session.request("GET", "/api/v1/spans")).status).toBe(401);
      await session.login("temp@example.com", "reset-password-1");

      const adminId = (await admin.json("GET", "/api/auth/me")).user.id;
      for (const [method, body] of [
        ["DELETE", undefined],
        ["PATCH", { role: "member" }],
      ] as const) {
        const response = await admin.request(method, `/api/v1/users/${adminId}`, body);
        expect(response.status).toBe(409);
        expect(await response.json()).toMatchObject({ code: "last_admin" });
      }
      expect((await admin.request("DELETE", `/api/v1/users/${user.id}`)).status).toBe(204);
      expect((await session.request("GET", "/api/v1/spans")).status).toBe(401);
      expect((await admin.request("DELETE", `/api/v1/users/${user.id}`)).status).toBe(404);
    });

    it("keeps users and projects to dashboard logins, not API keys", async () => {
      expect((await server.get("/api/v1/users")).status).toBe(403);
      expect((await server.get("/api/v1/projects")).status).toBe(403);
    });
  });

  describe("projects", () => {
    it("switches project by header or query, isolating data and media, and 404s an unknown project", async () => {
      const response = await admin.request("POST", "/api/v1/projects", { name: "checkout" });
      expect(response.status).toBe(201);
      const project: any = await response.json();
      expect(project).toEqual({
        id: expect.stringMatching(/^prj_/),
        name: "checkout",
        created_at: expect.any(String),
      });
      expect(
        (await admin.json("GET", "/api/v1/projects")).data.map((row: { name: string }) => row.name),
      ).toEqual(["default", "checkout"]);
      expect((await admin.json("GET", "/api/auth/me")).projects).toContainEqual({
        id: project.id,
        name: "checkout",
      });

      // A key of the new project, created from the dashboard while that project is chosen.
      const checkout = new DashboardClient(inProcess(server.server.app));
      checkout.cookie = admin.cookie;
      checkout.csrfToken = admin.csrfToken;
      checkout.project = project.id;
      const { key } = await checkout.json("POST", "/api/v1/keys", { name: "checkout" });
      const ingest = await fetch(`${server.url}/v1/traces`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(fixtureJson("native-tracedata-image-input.json")),
      });
      expect(ingest.status).toBe(200);

      const spanIds = async (session: DashboardClient, query = "") =>
        (await session.json("GET", `/api/v1/spans${query}`)).data.map(
          (span: { span_id: string }) => span.span_id,
        );
      expect(await spanIds(checkout)).toContain("1bf8d58ffcdf65fc");
      expect(await spanIds(admin)).not.toContain("1bf8d58ffcdf65fc");
      expect(await spanIds(admin, `?project=${project.id}`)).toContain("1bf8d58ffcdf65fc");
      // The header wins over the key's project for cookies only; a key ignores it.
      const byKey = await fetch(`${server.url}/api/v1/spans`, {
        headers: { authorization: `Bearer ${server.apiKey}`, "x-fallom-project": project.id },
      });
      expect(JSON.stringify(await byKey.json())).not.toContain("1bf8d58ffcdf65fc");

      const media = await admin.request("GET", `/media/${IMAGE_SHA}?project=${project.id}`);
      expect(media.status).toBe(200);
      expect(media.headers.get("content-type")).toBe("image/png");
      expect((await admin.request("GET", `/media/${IMAGE_SHA}`)).status).toBe(404);
      expect((await client().request("GET", `/media/${IMAGE_SHA}?project=${project.id}`)).status).toBe(401);

      const unknown = await admin.request("GET", "/api/v1/spans?project=prj_nope");
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ code: "project_not_found" });

      expect(
        await admin.json("PATCH", `/api/v1/projects/${project.id}`, { name: "checkout-eu" }),
      ).toMatchObject({
        id: project.id,
        name: "checkout-eu",
      });
      expect((await admin.request("PATCH", "/api/v1/projects/prj_nope", { name: "x" })).status).toBe(404);
    });

    it("lets only admins create projects", async () => {
      const { session } = await addUser("projects-member@example.com", "member");
      expect((await session.request("POST", "/api/v1/projects", { name: "nope" })).status).toBe(403);
      expect((await session.json("GET", "/api/v1/projects")).data.length).toBeGreaterThan(0);
    });
  });

  it("answers nothing but auth state, ingest and static files without a login", async () => {
    const anonymous = client();
    expect((await anonymous.request("GET", "/api/auth/state")).status).toBe(200);
    for (const path of [
      "/api/v1/spans",
      "/api/v1/keys",
      "/api/v1/users",
      "/api/v1/projects",
      "/api/v1/settings",
    ]) {
      expect((await anonymous.request("GET", path)).status).toBe(401);
    }
    expect((await anonymous.request("GET", "/api/auth/me")).status).toBe(401);
    const bogus = new DashboardClient(inProcess(server.server.app));
    bogus.cookie = "not-a-session";
    expect((await bogus.request("GET", "/api/v1/spans")).status).toBe(401);
    // A cookie never stands in for a key on ingest.
    const ingest = await admin.request("POST", "/v1/traces", {});
    expect(ingest.status).toBe(401);
  });
});
