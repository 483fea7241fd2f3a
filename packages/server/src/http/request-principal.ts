/**
 * Who a request to `/api/v1/*` or `/media/*` acts as, and for which project (SPEC §5.1, dashboard
 * contract): an API key (Bearer; its own project, no CSRF token needed) or a dashboard session
 * cookie (project from `X-Fallom-Project` or `?project=`, default the first project; mutations
 * need `X-CSRF-Token`; viewers cannot change anything). Routes then ask {@link requireRole} or
 * {@link requireSession} for more.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { SessionUser, UserRole } from "../auth/create-accounts.js";
import { secretsEqual } from "../auth/session-token.js";
import { ApiError, unauthorized } from "./api-error.js";
import type { AppEnv, AuthedProject } from "./app-env.js";
import { readSessionCookie, setSessionCookie } from "./session-cookie.js";

export type Principal =
  | { kind: "key"; project: AuthedProject }
  | { kind: "session"; project: AuthedProject; user: SessionUser; tokenHash: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const ROLE_RANK: Record<UserRole, number> = { viewer: 0, member: 1, admin: 2 };

export const forbidden = (message: string) => new ApiError(403, "forbidden", message);

const notLoggedIn = () =>
  new ApiError(
    401,
    "unauthorized",
    "Log in to the dashboard, or send an API key as `Authorization: Bearer flm_…` (the key printed at first start, or one created under /settings/api-keys).",
  );

/** A user may change their own name and password whatever their role. */
const isOwnAccountChange = (c: Context, user: SessionUser): boolean =>
  c.req.method === "PATCH" && new URL(c.req.url).pathname === `/api/v1/users/${encodeURIComponent(user.id)}`;

/**
 * Authenticates the request and sets `principal` and `project`.
 *
 * @example
 * app.use("/api/v1/*", authenticateRequest());
 */
export function authenticateRequest(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const services = c.get("services");
    const authorization = c.req.header("authorization");
    if (authorization !== undefined) {
      const project = await services.authenticate(authorization);
      if (!project) throw unauthorized();
      c.set("principal", { kind: "key", project });
      c.set("project", project);
      return next();
    }

    const token = readSessionCookie(c);
    const session = token ? await services.accounts.resolveSession(token) : null;
    if (!token || !session) throw notLoggedIn();
    if (session.renewed) setSessionCookie(c, token);
    if (!SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header("x-csrf-token");
      if (!sent || !secretsEqual(sent, session.csrfToken)) {
        throw new ApiError(
          403,
          "csrf_token_invalid",
          "Missing or wrong X-CSRF-Token header: send the csrf_token from GET /api/auth/me with every change.",
        );
      }
      if (session.user.role === "viewer" && !isOwnAccountChange(c, session.user)) {
        throw forbidden("Viewers can read but not change anything. Ask an admin for the member role.");
      }
    }

    const wanted = c.req.header("x-fallom-project") || new URL(c.req.url).searchParams.get("project");
    const projectId = wanted || (await services.projects.list())[0]?.id;
    const project = projectId ? await services.projects.load(projectId) : null;
    if (!project) {
      throw new ApiError(
        404,
        "project_not_found",
        wanted
          ? `No project ${wanted}. GET /api/v1/projects lists the projects you can use.`
          : "There is no project yet. An admin can create one with POST /api/v1/projects.",
      );
    }
    c.set("principal", { kind: "session", project, user: session.user, tokenHash: session.tokenHash });
    c.set("project", project);
    return next();
  };
}

/**
 * The request's project, when its principal has at least `minimum` role. API keys act with full
 * rights on their own project (SPEC §5.8).
 *
 * @example
 * const project = requireRole(c, "admin"); // 403 for members and viewers
 */
export function requireRole(c: Context<AppEnv>, minimum: UserRole): AuthedProject {
  const principal = c.get("principal");
  if (principal.kind === "session" && ROLE_RANK[principal.user.role] < ROLE_RANK[minimum]) {
    throw forbidden(
      `This needs the ${minimum} role; you are a ${principal.user.role}. Ask an admin to change your role.`,
    );
  }
  return principal.project;
}

/** The logged-in dashboard user: account and project management is not for API keys. */
export function requireSession(
  c: Context<AppEnv>,
  minimum: UserRole = "viewer",
): Extract<Principal, { kind: "session" }> {
  const principal = c.get("principal");
  if (principal.kind !== "session") {
    throw forbidden(
      "Users and projects are managed from a dashboard login; an API key only acts for its own project.",
    );
  }
  requireRole(c, minimum);
  return principal;
}
