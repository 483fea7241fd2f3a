/**
 * The HTTP application: one hono app for ingest, configs/prompts (later), media, the public read
 * API, dashboard accounts and the dashboard SPA, on one port (SPEC §1.2).
 */
import { Hono } from "hono";
import { AccountError } from "../auth/account-error.js";
import { StoreInputError } from "../store/store-input-error.js";
import { ApiError } from "./api-error.js";
import type { AppEnv, Services } from "./app-env.js";
import { authenticateRequest } from "./request-principal.js";
import { adminRoutes } from "./routes/admin-routes.js";
import { authRoutes } from "./routes/auth-routes.js";
import { configsRoutes } from "./routes/configs-routes.js";
import { experimentsRoutes } from "./routes/experiments-routes.js";
import { ingestRoutes } from "./routes/ingest-routes.js";
import { configResource, promptAbTestResource, promptResource } from "./routes/management-resources.js";
import { mediaRoutes } from "./routes/media-routes.js";
import { projectsRoutes } from "./routes/projects-routes.js";
import { promptsRoutes } from "./routes/prompts-routes.js";
import { readApiRoutes } from "./routes/read-api-routes.js";
import { spanExportRoutes } from "./routes/span-export-routes.js";
import { staticRoutes } from "./routes/static-routes.js";
import { usersRoutes } from "./routes/users-routes.js";
import { versionedManagementRoutes } from "./routes/versioned-management-routes.js";

export function createApp(services: Services, log: (line: string) => void = console.error): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("services", services);
    await next();
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.route("/", ingestRoutes());
  app.route("/", configsRoutes());
  app.route("/", promptsRoutes());
  app.route("/api/auth", authRoutes());
  // An API key or a dashboard session (with its project, CSRF and role checks) for everything below.
  app.use("/api/v1/*", authenticateRequest());
  app.use("/media/*", authenticateRequest());
  app.route("/", mediaRoutes());
  app.route("/api/v1", spanExportRoutes());
  app.route("/api/v1", readApiRoutes());
  app.route("/api/v1", adminRoutes());
  app.route("/api/v1", versionedManagementRoutes(configResource));
  app.route("/api/v1", versionedManagementRoutes(promptResource));
  app.route("/api/v1", versionedManagementRoutes(promptAbTestResource));
  app.route("/api/v1", experimentsRoutes());
  app.route("/api/v1", usersRoutes());
  app.route("/api/v1", projectsRoutes());
  // Last: the SPA answers the GET paths nothing above claimed.
  app.route("/", staticRoutes(services.config.dashboardDir));

  app.notFound((c) =>
    c.json({ error: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`, code: "not_found" }, 404),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      return c.json({ error: error.message, code: error.code }, error.status as 400, error.headers);
    }
    if (error instanceof AccountError) {
      return c.json({ error: error.message, code: error.code }, error.status, error.headers);
    }
    if (error instanceof StoreInputError) {
      return c.json({ error: error.message, code: error.code }, 400);
    }
    log(`[fallom] unexpected error on ${c.req.method} ${c.req.path}: ${(error as Error).stack ?? error}`);
    return c.json({ error: "Internal server error. The server log has the details.", code: "internal" }, 500);
  });
  return app;
}
