/**
 * `/api/v1/users` (dashboard contract): admins list, create, change and delete dashboard users;
 * every user may change their own name and password. Dashboard sessions only.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { parseJsonBody } from "../parse-json-body.js";
import { requireSession } from "../request-principal.js";
import { emailSchema, nameSchema, passwordSchema, roleSchema } from "./account-schemas.js";

const createSchema = z.strictObject({
  email: emailSchema,
  name: nameSchema.optional(),
  password: passwordSchema,
  role: roleSchema,
});

const patchSchema = z.strictObject({
  name: nameSchema.optional(),
  role: roleSchema.optional(),
  password: passwordSchema.optional(),
  current_password: z.string({ error: "must be your current password" }).max(1024).optional(),
});

const CREATE_SHAPE =
  'Send {"email": "ada@example.com", "name": "Ada", "password": "at least 10 characters", "role": "member"} (role: admin, member or viewer).';
const PATCH_SHAPE =
  'Send any of {"name": "Ada", "role": "viewer", "password": "new password", "current_password": "needed when you change your own password"}.';

export function usersRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/users", async (c) => {
    requireSession(c, "admin");
    return c.json({ data: await c.get("services").accounts.listUsers() });
  });

  app.post("/users", async (c) => {
    requireSession(c, "admin");
    const body = await parseJsonBody(c.req.raw, createSchema, CREATE_SHAPE);
    const user = await c.get("services").accounts.createUser({ ...body, name: body.name ?? "" });
    return c.json(user, 201);
  });

  app.patch("/users/:id", async (c) => {
    const principal = requireSession(c);
    const body = await parseJsonBody(c.req.raw, patchSchema, PATCH_SHAPE);
    const user = await c
      .get("services")
      .accounts.updateUser({ user: principal.user, tokenHash: principal.tokenHash }, c.req.param("id"), {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.password !== undefined ? { password: body.password } : {}),
        ...(body.current_password !== undefined ? { current_password: body.current_password } : {}),
      });
    return c.json(user);
  });

  app.delete("/users/:id", async (c) => {
    requireSession(c, "admin");
    await c.get("services").accounts.deleteUser(c.req.param("id"));
    return c.body(null, 204);
  });

  return app;
}
