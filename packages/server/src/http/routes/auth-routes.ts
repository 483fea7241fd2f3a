/**
 * `/api/auth/*` (dashboard contract): first-admin setup, login, logout and the current user. Not
 * under `/api/v1`, so it never mixes with project-key auth. Login and setup take JSON only: a
 * cross-site form cannot send `application/json` without a CORS preflight, which this server
 * never grants, so nobody can log a browser into an account of theirs (login CSRF).
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { secretsEqual } from "../../auth/session-token.js";
import { ApiError } from "../api-error.js";
import type { AppEnv } from "../app-env.js";
import { clientAddress } from "../client-address.js";
import { parseJsonBody } from "../parse-json-body.js";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "../session-cookie.js";
import { emailSchema, nameSchema, passwordSchema } from "./account-schemas.js";

const setupSchema = z.object({
  token: z.string({ error: "is required: the token from the setup link the server printed" }).min(1),
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema.optional(),
});

const loginSchema = z.object({
  email: z.string({ error: "is required" }).min(1, { error: "is required" }).max(320),
  password: z.string({ error: "is required" }).min(1, { error: "is required" }).max(1024),
});

const SETUP_SHAPE =
  'Send {"token": "<from the setup link>", "email": "you@example.com", "password": "at least 10 characters", "name": "Your Name"}.';
const LOGIN_SHAPE = 'Send {"email": "you@example.com", "password": "…"}.';

function requireJson(c: Context<AppEnv>): void {
  if (!/^application\/json\b/i.test(c.req.header("content-type") ?? "")) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      "Send the body as JSON with `Content-Type: application/json`.",
    );
  }
}

/** The contract's `Me`: the user, the projects they can open, and the CSRF token for changes. */
async function me(
  c: Context<AppEnv>,
  user: { id: string; email: string; name: string; role: string },
  csrfToken: string,
) {
  const projects = await c.get("services").projects.list();
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    projects: projects.map(({ id, name }) => ({ id, name })),
    csrf_token: csrfToken,
  };
}

export function authRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/state", async (c) => {
    return c.json({ needs_setup: await c.get("services").accounts.needsSetup() });
  });

  app.post("/setup", async (c) => {
    requireJson(c);
    const body = await parseJsonBody(c.req.raw, setupSchema, SETUP_SHAPE);
    const started = await c.get("services").accounts.claimSetup(body.token, {
      email: body.email,
      password: body.password,
      name: body.name ?? "",
    });
    setSessionCookie(c, started.token);
    return c.json(await me(c, started.user, started.csrfToken));
  });

  app.post("/login", async (c) => {
    requireJson(c);
    const body = await parseJsonBody(c.req.raw, loginSchema, LOGIN_SHAPE);
    const started = await c.get("services").accounts.login(body.email, body.password, clientAddress(c));
    setSessionCookie(c, started.token);
    return c.json(await me(c, started.user, started.csrfToken));
  });

  app.post("/logout", async (c) => {
    const accounts = c.get("services").accounts;
    const token = readSessionCookie(c);
    const session = token ? await accounts.resolveSession(token) : null;
    if (token && session) {
      // Logging someone out is a change too: a cross-site form must not be able to do it.
      const sent = c.req.header("x-csrf-token");
      if (!sent || !secretsEqual(sent, session.csrfToken)) {
        throw new ApiError(
          403,
          "csrf_token_invalid",
          "Missing or wrong X-CSRF-Token header: send the csrf_token from GET /api/auth/me.",
        );
      }
      await accounts.endSession(token);
    }
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  app.get("/me", async (c) => {
    const token = readSessionCookie(c);
    const session = token ? await c.get("services").accounts.resolveSession(token) : null;
    if (!token || !session) {
      throw new ApiError(401, "not_logged_in", "You are not logged in. Log in with POST /api/auth/login.");
    }
    if (session.renewed) setSessionCookie(c, token);
    return c.json(await me(c, session.user, session.csrfToken));
  });

  return app;
}
