/**
 * The HTTP application: one hono app for ingest, configs/prompts (later), media, the public read
 * API and the dashboard, on one port (SPEC §1.2).
 */
import { Hono } from "hono";
import { StoreInputError } from "../store/store-input-error.js";
import { ApiError } from "./api-error.js";
import type { AppEnv, Services } from "./app-env.js";
import { adminRoutes } from "./routes/admin-routes.js";
import { ingestRoutes } from "./routes/ingest-routes.js";
import { mediaRoutes } from "./routes/media-routes.js";
import { readApiRoutes } from "./routes/read-api-routes.js";

export function createApp(services: Services, log: (line: string) => void = console.error): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("services", services);
    await next();
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.route("/", ingestRoutes());
  app.route("/", mediaRoutes());
  app.route("/api/v1", readApiRoutes());
  app.route("/api/v1", adminRoutes());

  app.notFound((c) =>
    c.json({ error: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`, code: "not_found" }, 404),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      return c.json({ error: error.message, code: error.code }, error.status as 400, error.headers);
    }
    if (error instanceof StoreInputError) {
      return c.json({ error: error.message, code: error.code }, 400);
    }
    log(`[fallom] unexpected error on ${c.req.method} ${c.req.path}: ${(error as Error).stack ?? error}`);
    return c.json({ error: "Internal server error. The server log has the details.", code: "internal" }, 500);
  });
  return app;
}
