/**
 * Contract for the dashboard account tables (migration 0003) and the free-text span search: every
 * case runs on SQLite (a temp file) and PostgreSQL (embedded, real binaries). Users are global, not
 * per project, so each backend gets a database of its own.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccounts } from "../auth/create-accounts.js";
import { MAX_FAILURES, WINDOW_MS } from "../auth/login-throttle.js";
import { hashToken } from "../auth/session-token.js";
import {
  deleteUserSessions,
  findDashboardSession,
  insertDashboardSession,
  touchDashboardSession,
} from "./dashboard-sessions-repository.js";
import { insertSpans } from "./insert-spans.js";
import { clearLoginFailures, listLoginFailures, recordLoginFailure } from "./login-failures-repository.js";
import { type Database, openDatabase } from "./open-database.js";
import { createProject } from "./project-repository.js";
import { claimSetupToken, replaceSetupToken } from "./setup-token-repository.js";
import { listSpansMatching, toContentPattern } from "./span-search.js";
import { BASE_TIME, makeSpan } from "./test-support/make-span.js";
import { storeBackends } from "./test-support/store-backends.js";
import { useStoreDatabase } from "./test-support/use-store-database.js";
import {
  countAdmins,
  countUsers,
  createUser,
  deleteUser,
  EmailTakenError,
  findUserByEmail,
  getUser,
  listUsers,
  updateUser,
} from "./users-repository.js";

const HOUR = 60 * 60 * 1000;

describe.each(storeBackends)("account store contract on $name", (backend) => {
  const store = useStoreDatabase(backend);

  const newUser = (email: string, role: "admin" | "member" | "viewer" = "member") =>
    createUser(store.database, { email, name: "Test", role, password_hash: "scrypt$x" });

  describe("users", () => {
    test("emails are unique whatever their case, and lookups ignore case", async () => {
      const user = await newUser("Ada@Example.com");
      expect(user).toMatchObject({
        email: "Ada@Example.com",
        role: "member",
        id: expect.stringMatching(/^usr_/),
      });
      await expect(newUser("ada@EXAMPLE.com")).rejects.toBeInstanceOf(EmailTakenError);
      expect(await findUserByEmail(store.database, " ADA@example.COM ")).toMatchObject({
        id: user.id,
        password_hash: "scrypt$x",
      });
      expect(await findUserByEmail(store.database, "nobody@example.com")).toBeNull();
    });

    test("updates, counts admins and deletes a user with their sessions", async () => {
      const admin = await newUser("boss@example.com", "admin");
      const before = await countAdmins(store.database);
      const promoted = await updateUser(store.database, (await newUser("second@example.com")).id, {
        role: "admin",
      });
      expect(promoted?.role).toBe("admin");
      expect(await countAdmins(store.database)).toBe(before + 1);
      expect(await updateUser(store.database, "usr_missing", { name: "x" })).toBeNull();

      await insertDashboardSession(store.database, session("boss-token", admin.id, Date.now()));
      expect(await deleteUser(store.database, admin.id)).toBe(true);
      expect(await getUser(store.database, admin.id)).toBeNull();
      expect(await findDashboardSession(store.database, hashToken("boss-token"), new Date())).toBeNull();
      expect(await deleteUser(store.database, admin.id)).toBe(false);
      expect((await listUsers(store.database)).map((user) => user.email)).not.toContain("boss@example.com");
    });
  });

  const session = (token: string, userId: string, at: number, ttl = 30 * 24 * HOUR) => ({
    token_hash: hashToken(token),
    user_id: userId,
    csrf_token: `csrf-${token}`,
    created_at: new Date(at).toISOString(),
    last_seen_at: new Date(at).toISOString(),
    expires_at: new Date(at + ttl).toISOString(),
  });

  describe("dashboard sessions", () => {
    test("a session is found with its user until it expires, and then deleted", async () => {
      const user = await newUser("sessions@example.com", "viewer");
      const now = Date.now();
      await insertDashboardSession(store.database, session("live", user.id, now));
      await insertDashboardSession(store.database, session("old", user.id, now - 2 * HOUR, HOUR));
      const found = await findDashboardSession(store.database, hashToken("live"), new Date(now));
      expect(found).toMatchObject({
        user: { id: user.id, email: "sessions@example.com", role: "viewer" },
        session: { csrf_token: "csrf-live" },
      });
      expect(await findDashboardSession(store.database, hashToken("old"), new Date(now))).toBeNull();
      // Deleted, so it stays gone even for a clock that is wrong.
      expect(await findDashboardSession(store.database, hashToken("old"), new Date(0))).toBeNull();
    });

    test("touching slides the expiry once, and signing out everywhere can keep one session", async () => {
      const user = await newUser("slide@example.com");
      const now = Date.now();
      await insertDashboardSession(store.database, session("a", user.id, now - 2 * HOUR));
      await insertDashboardSession(store.database, session("b", user.id, now));
      const later = {
        last_seen_at: new Date(now).toISOString(),
        expires_at: new Date(now + 99 * HOUR).toISOString(),
      };
      await touchDashboardSession(store.database, hashToken("a"), later, new Date(now - HOUR).toISOString());
      const slid = await findDashboardSession(store.database, hashToken("a"), new Date(now));
      expect(slid?.session.expires_at).toBe(later.expires_at);
      // A second touch in the same hour is a no-op.
      await touchDashboardSession(
        store.database,
        hashToken("a"),
        { ...later, expires_at: new Date(now + 5 * HOUR).toISOString() },
        new Date(now - HOUR).toISOString(),
      );
      expect(
        (await findDashboardSession(store.database, hashToken("a"), new Date(now)))?.session.expires_at,
      ).toBe(later.expires_at);

      await deleteUserSessions(store.database, user.id, hashToken("b"));
      expect(await findDashboardSession(store.database, hashToken("a"), new Date(now))).toBeNull();
      expect(await findDashboardSession(store.database, hashToken("b"), new Date(now))).not.toBeNull();
    });
  });

  describe("login failures", () => {
    test("lists failures in the window, forgets old ones and clears on demand", async () => {
      const now = Date.now();
      await recordLoginFailure(store.database, "k1", now - 20 * 60_000, 0);
      await recordLoginFailure(store.database, "k1", now - 60_000, 0);
      await recordLoginFailure(store.database, "k2", now, now - WINDOW_MS);
      expect(await listLoginFailures(store.database, "k1", now - WINDOW_MS)).toEqual([now - 60_000]);
      // Recording for k2 with forgetBefore = now - 15 min dropped k1's 20-minute-old failure.
      expect(await listLoginFailures(store.database, "k1", 0)).toEqual([now - 60_000]);
      await clearLoginFailures(store.database, "k1");
      expect(await listLoginFailures(store.database, "k1", 0)).toEqual([]);
      expect(await listLoginFailures(store.database, "k2", 0)).toEqual([now]);
    });
  });

  describe("setup token (needs an empty users table)", () => {
    let fresh: Database;
    let stopFresh: () => Promise<void>;

    beforeAll(async () => {
      const started = await backend.start();
      stopFresh = started.stop;
      fresh = await openDatabase(started.url);
    });

    afterAll(async () => {
      await fresh?.close();
      await stopFresh?.();
    });

    test("a replaced token stops working, and the current one works exactly once under a race", async () => {
      await replaceSetupToken(fresh, hashToken("first"));
      await replaceSetupToken(fresh, hashToken("second"));
      const create = (email: string) => (trx: Parameters<Parameters<typeof claimSetupToken>[2]>[0]) =>
        createUser(trx, { email, name: "", role: "admin", password_hash: "scrypt$x" });
      expect(await claimSetupToken(fresh, hashToken("first"), create("old@example.com"))).toBeNull();
      const results = await Promise.all([
        claimSetupToken(fresh, hashToken("second"), create("one@example.com")),
        claimSetupToken(fresh, hashToken("second"), create("two@example.com")),
      ]);
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      expect(await countUsers(fresh)).toBe(1);
      expect(await claimSetupToken(fresh, hashToken("second"), create("three@example.com"))).toBeNull();
    });

    test("a token issued while a user exists cannot create a second first admin", async () => {
      await replaceSetupToken(fresh, hashToken("late"));
      const claimed = await claimSetupToken(fresh, hashToken("late"), async () => "created");
      expect(claimed).toBeNull();
    });
  });

  describe("accounts with a clock", () => {
    test("a session slides forward after an hour of use and the cookie is renewed then", async () => {
      let clock = Date.now();
      const accounts = createAccounts(store.database, () => clock);
      await accounts.createUser({
        email: "clock@example.com",
        name: "",
        password: "0123456789",
        role: "member",
      });
      const started = await accounts.login("clock@example.com", "0123456789", "198.51.100.1");
      expect((await accounts.resolveSession(started.token))?.renewed).toBe(false);
      clock += 2 * HOUR;
      const renewed = await accounts.resolveSession(started.token);
      expect(renewed).toMatchObject({ renewed: true, user: { email: "clock@example.com" } });
      // 29 days after that use, it still lives (30 days after login it would not without sliding).
      clock += 29 * 24 * HOUR;
      expect(await accounts.resolveSession(started.token)).not.toBeNull();
      clock += 31 * 24 * HOUR;
      expect(await accounts.resolveSession(started.token)).toBeNull();
    });

    test("five failures lock one email from one address for 15 minutes, not other addresses", async () => {
      let clock = Date.now();
      const accounts = createAccounts(store.database, () => clock);
      await accounts.createUser({
        email: "locked@example.com",
        name: "",
        password: "0123456789",
        role: "viewer",
      });
      for (let i = 0; i < MAX_FAILURES; i++) {
        await expect(
          accounts.login("locked@example.com", "wrong-password", "203.0.113.5"),
        ).rejects.toMatchObject({
          status: 401,
          code: "invalid_credentials",
        });
        clock += 1000;
      }
      const refused = accounts.login("locked@example.com", "0123456789", "203.0.113.5");
      await expect(refused).rejects.toMatchObject({ status: 429, code: "too_many_attempts" });
      const retryAfter = Number(
        ((await refused.catch((error) => error)) as { headers: Record<string, string> }).headers[
          "retry-after"
        ],
      );
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(await accounts.login("LOCKED@example.com", "0123456789", "203.0.113.6")).toMatchObject({
        user: { email: "locked@example.com" },
      });
      clock += retryAfter * 1000;
      expect(await accounts.login("locked@example.com", "0123456789", "203.0.113.5")).toMatchObject({
        user: { role: "viewer" },
      });
    });
  });

  describe("free-text span search", () => {
    let projectId: string;
    let otherProject: string;
    const text = (content: string) => [{ role: "user", parts: [{ type: "text" as const, content }] }];

    beforeAll(async () => {
      projectId = (await createProject(store.database, { name: "search" })).id;
      otherProject = (await createProject(store.database, { name: "search-other" })).id;
      await insertSpans(store.database, projectId, [
        makeSpan({
          span_id: "a000000000000001",
          start_time: BASE_TIME,
          input_messages: text("Where is my Refund?"),
        }),
        makeSpan({
          span_id: "a000000000000002",
          start_time: BASE_TIME + 1,
          model: "claude",
          input_messages: text("refund please"),
        }),
        makeSpan({
          span_id: "a000000000000003",
          start_time: BASE_TIME + 2,
          input_messages: text('She said "100% off_sale"\nthen left'),
          output_messages: [{ role: "assistant", parts: [{ type: "text", content: "noted" }] }],
        }),
        makeSpan({
          span_id: "a000000000000004",
          start_time: BASE_TIME + 3,
          input_messages: null,
          output_messages: null,
        }),
      ]);
      await insertSpans(store.database, otherProject, [
        makeSpan({
          span_id: "b000000000000001",
          start_time: BASE_TIME,
          input_messages: text("refund elsewhere"),
        }),
      ]);
    });

    const ids = async (query: string | undefined, filters = {}, page = {}) =>
      (await listSpansMatching(store.database, projectId, filters, query, page)).data.map(
        (span) => span.span_id,
      );

    test("matches prompts and completions ignoring ASCII case, newest first, in this project only", async () => {
      expect(await ids("REFUND")).toEqual(["a000000000000002", "a000000000000001"]);
      expect(await ids("noted")).toEqual(["a000000000000003"]);
      expect(await ids("nothing like this")).toEqual([]);
      expect(await ids(undefined)).toHaveLength(4);
    });

    test("treats quotes, newlines and LIKE wildcards in the text literally", async () => {
      expect(await ids('said "100% off_sale"\nthen')).toEqual(["a000000000000003"]);
      expect(await ids("100%")).toEqual(["a000000000000003"]);
      expect(await ids("%")).toEqual(["a000000000000003"]);
      expect(await ids("off_")).toEqual(["a000000000000003"]);
      expect(await ids("of_sale")).toEqual([]);
      expect(toContentPattern("A_b%!")).toBe("%a!_b!%!!%");
    });

    test("combines with the other filters and pages with a cursor", async () => {
      expect(await ids("refund", { model: "claude" })).toEqual(["a000000000000002"]);
      const first = await listSpansMatching(store.database, projectId, {}, "refund", { limit: 1 });
      expect(first.data.map((span) => span.span_id)).toEqual(["a000000000000002"]);
      const second = await listSpansMatching(store.database, projectId, {}, "refund", {
        limit: 1,
        cursor: first.next_cursor as string,
      });
      expect(second.data.map((span) => span.span_id)).toEqual(["a000000000000001"]);
      expect(second.next_cursor).toBeNull();
    });
  });
});
