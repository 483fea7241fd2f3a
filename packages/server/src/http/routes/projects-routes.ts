/**
 * `/api/v1/projects` (dashboard contract): every user lists the projects (all users see all
 * projects in v1); admins create and rename them. Dashboard sessions only.
 */
import { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../api-error.js";
import type { AppEnv } from "../app-env.js";
import { parseJsonBody } from "../parse-json-body.js";
import { requireSession } from "../request-principal.js";

const projectSchema = z.strictObject({
  name: z
    .string({ error: 'is required: a name for the project, e.g. "checkout"' })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(200, { error: "must be at most 200 characters" }),
});

const SHAPE = 'Send {"name": "checkout"}.';

export function projectsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/projects", async (c) => {
    requireSession(c);
    return c.json({ data: await c.get("services").projects.list() });
  });

  app.post("/projects", async (c) => {
    requireSession(c, "admin");
    const body = await parseJsonBody(c.req.raw, projectSchema, SHAPE);
    return c.json(await c.get("services").projects.create(body.name), 201);
  });

  app.patch("/projects/:id", async (c) => {
    requireSession(c, "admin");
    const body = await parseJsonBody(c.req.raw, projectSchema, SHAPE);
    const id = c.req.param("id");
    const renamed = await c.get("services").projects.rename(id, body.name);
    if (!renamed) {
      throw new ApiError(404, "project_not_found", `No project ${id}. GET /api/v1/projects lists them.`);
    }
    return c.json(renamed);
  });

  return app;
}
