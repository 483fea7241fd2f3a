/**
 * The SDK-facing model A/B endpoints (SPEC §5.5, §7): `GET /configs`, `GET /configs/{key}/version/{v}`
 * and `POST /sessions`. Shapes are exactly what the published Fallom SDKs read and send, so they
 * work against this server unchanged.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ModelConfig } from "../../domain/ab/model-config.js";
import type { ConfigPayload } from "../../store/configs-repository.js";
import type { VersionRow } from "../../store/versioned-objects.js";
import { ApiError, unauthorized } from "../api-error.js";
import type { AppEnv, AuthedProject } from "../app-env.js";
import { parseJsonBody } from "../parse-json-body.js";

/** The project of the request's Bearer key; these endpoints take no dashboard sessions. */
export async function requireProjectKey(c: Context<AppEnv>): Promise<AuthedProject> {
  const project = await c.get("services").authenticate(c.req.header("authorization"));
  if (!project) throw unauthorized();
  return project;
}

/** A stored version in the wire shape of SPEC §7.1. */
export const toWireConfig = (row: VersionRow<ConfigPayload>): ModelConfig => ({
  key: row.key,
  version: row.version,
  variants: row.variants,
  targeting: row.targeting,
});

/** `{v}` of a version path: a positive whole number, else 404 like an unknown version. */
export function parsePathVersion(text: string): number | null {
  return /^[1-9]\d{0,8}$/.test(text) ? Number(text) : null;
}

// Not strict: an SDK may add fields, and the published ones must keep working.
const sessionSchema = z.object({
  config_key: z
    .string({ error: "is required: the config key models.get used" })
    .min(1, { error: "must not be empty" }),
  config_version: z
    .number({ error: "is required: the config version that made the assignment" })
    .int({ error: "must be a whole version number" })
    .min(1, { error: "must be ≥ 1 (fallback answers are not recorded)" }),
  session_id: z.string({ error: "is required: the session id that was hashed" }).max(1000, {
    error: "must be at most 1000 characters",
  }),
  assigned_model: z.string({ error: "is required: the model models.get returned" }).min(1, {
    error: "must not be empty",
  }),
});

const SESSION_SHAPE =
  'Send {"config_key": "summarizer", "config_version": 3, "session_id": "session-123", "assigned_model": "gpt-4o"}.';

export function configsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/configs", async (c) => {
    const project = await requireProjectKey(c);
    const heads = await c.get("services").ab.configs.list(project.id);
    return c.json({ configs: heads.map((head) => toWireConfig(head.current)) });
  });

  app.get("/configs/:key/version/:version", async (c) => {
    const project = await requireProjectKey(c);
    const key = c.req.param("key");
    const version = parsePathVersion(c.req.param("version"));
    const row =
      version === null ? null : await c.get("services").ab.configs.getVersion(project.id, key, version);
    if (!row) {
      throw new ApiError(
        404,
        "config_version_not_found",
        `Config "${key}" has no version ${c.req.param("version")}. GET /api/v1/configs/${key}/versions lists its versions.`,
      );
    }
    return c.json(toWireConfig(row));
  });

  app.post("/sessions", async (c) => {
    const project = await requireProjectKey(c);
    const body = await parseJsonBody(c.req.raw, sessionSchema, SESSION_SHAPE);
    await c.get("services").ab.recordAssignment(project.id, body);
    return c.json({});
  });

  return app;
}
