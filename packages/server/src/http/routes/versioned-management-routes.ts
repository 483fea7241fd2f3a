/**
 * The management endpoints shared by configs, prompts and prompt A/B tests (SPEC §5.8): list,
 * read, create, add a version (every save is a new immutable version), list versions, and roll
 * back (`POST …/{key}/current {version}`). Reads need the viewer role, changes the member role
 * (API keys act with full rights on their project), through the same hook as the admin routes.
 */
import { type Context, Hono } from "hono";
import type { z } from "zod";
import type { HeadWithCurrent, VersionedObjects, VersionRow } from "../../store/versioned-objects.js";
import type { AbApi } from "../ab-api.js";
import { ApiError } from "../api-error.js";
import type { AppEnv } from "../app-env.js";
import { parseJsonBody } from "../parse-json-body.js";
import { requireRole } from "../request-principal.js";
import { setCurrentSchema } from "./ab-body-schemas.js";

export interface VersionedResource<Payload, CreateBody extends { key: string }, VersionBody> {
  /** `configs`, `prompts`, `prompt-ab-tests`. */
  path: string;
  /** `config`, `prompt`, `prompt A/B test`: used in messages. */
  noun: string;
  /** Stable error-code stem: `config` → `config_not_found`. */
  code: string;
  objects(ab: AbApi): VersionedObjects<Payload>;
  createSchema: z.ZodType<CreateBody>;
  versionSchema: z.ZodType<VersionBody>;
  shape: string;
  toPayload(body: CreateBody | VersionBody): Payload;
  /** Cross-object checks (a prompt test's prompts exist); throw an ApiError 400. */
  check?(c: Context<AppEnv>, projectId: string, payload: Payload): Promise<void>;
}

const SAVE_AUTHOR_UNKNOWN = null;

/** Who saved a version: the dashboard user's email, or `api-key` for a Bearer key. */
function authorOf(c: Context<AppEnv>): string | null {
  const principal = c.get("principal");
  if (!principal) return SAVE_AUTHOR_UNKNOWN;
  return principal.kind === "session" ? principal.user.email : "api-key";
}

function toApiVersion<Payload>(row: VersionRow<Payload>): Record<string, unknown> {
  return { ...row };
}

function toApiHead<Payload>(head: HeadWithCurrent<Payload>): Record<string, unknown> {
  const { key: _key, ...current } = head.current;
  return { ...head, current };
}

function parseVersion(text: string): number {
  if (!/^[1-9]\d{0,8}$/.test(text)) {
    throw new ApiError(400, "invalid_parameter", `Version must be a positive whole number; got "${text}".`);
  }
  return Number(text);
}

/**
 * @example
 * app.route("/api/v1", versionedManagementRoutes(configResource));
 */
export function versionedManagementRoutes<
  Payload,
  CreateBody extends { key: string; note?: string; description?: string },
  VersionBody extends { note?: string },
>(resource: VersionedResource<Payload, CreateBody, VersionBody>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const base = `/${resource.path}`;
  const notFound = (key: string) =>
    new ApiError(
      404,
      `${resource.code}_not_found`,
      `No ${resource.noun} "${key}" in this project. GET /api/v1/${resource.path} lists them; POST /api/v1/${resource.path} creates one.`,
    );
  const objects = (c: Context<AppEnv>) => resource.objects(c.get("services").ab);

  app.get(base, async (c) => {
    const project = requireRole(c, "viewer");
    const heads = await objects(c).list(project.id);
    return c.json({ data: heads.map(toApiHead) });
  });

  app.post(base, async (c) => {
    const project = requireRole(c, "member");
    const body = await parseJsonBody(c.req.raw, resource.createSchema, resource.shape);
    const payload = resource.toPayload(body);
    await resource.check?.(c, project.id, payload);
    const outcome = await objects(c).create(project.id, body.key, payload, {
      createdBy: authorOf(c),
      ...(body.note !== undefined ? { note: body.note } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
    });
    if (outcome.status !== "saved") {
      throw new ApiError(
        400,
        "duplicate_key",
        `Invalid request body: key: a ${resource.noun} "${body.key}" already exists. Add a version with POST /api/v1/${resource.path}/${body.key}/versions, or pick another key.`,
      );
    }
    const head = await objects(c).get(project.id, body.key);
    return c.json(head ? toApiHead(head) : toApiVersion(outcome.version), 201);
  });

  app.get(`${base}/:key`, async (c) => {
    const project = requireRole(c, "viewer");
    const key = c.req.param("key");
    const head = await objects(c).get(project.id, key);
    if (!head) throw notFound(key);
    return c.json(toApiHead(head));
  });

  app.get(`${base}/:key/versions`, async (c) => {
    const project = requireRole(c, "viewer");
    const key = c.req.param("key");
    const versions = await objects(c).listVersions(project.id, key);
    if (versions.length === 0) throw notFound(key);
    return c.json({ data: versions.map(toApiVersion) });
  });

  app.get(`${base}/:key/versions/:version`, async (c) => {
    const project = requireRole(c, "viewer");
    const key = c.req.param("key");
    const version = parseVersion(c.req.param("version"));
    const row = await objects(c).getVersion(project.id, key, version);
    if (!row) {
      throw new ApiError(
        404,
        `${resource.code}_version_not_found`,
        `No version ${version} of ${resource.noun} "${key}". GET /api/v1/${resource.path}/${key}/versions lists its versions.`,
      );
    }
    return c.json(toApiVersion(row));
  });

  app.post(`${base}/:key/versions`, async (c) => {
    const project = requireRole(c, "member");
    const key = c.req.param("key");
    const body = await parseJsonBody(c.req.raw, resource.versionSchema, resource.shape);
    const payload = resource.toPayload(body);
    await resource.check?.(c, project.id, payload);
    const outcome = await objects(c).append(project.id, key, payload, {
      createdBy: authorOf(c),
      ...(body.note !== undefined ? { note: body.note } : {}),
    });
    if (outcome.status !== "saved") throw notFound(key);
    return c.json(toApiVersion(outcome.version), 201);
  });

  app.post(`${base}/:key/current`, async (c) => {
    const project = requireRole(c, "member");
    const key = c.req.param("key");
    const body = await parseJsonBody(c.req.raw, setCurrentSchema, 'Send {"version": 2}.');
    const head = await objects(c).setCurrent(project.id, key, body.version);
    if (!head) {
      if (!(await objects(c).get(project.id, key))) throw notFound(key);
      throw new ApiError(
        400,
        "invalid_body",
        `Invalid request body: version: ${resource.noun} "${key}" has no version ${body.version}. GET /api/v1/${resource.path}/${key}/versions lists its versions.`,
      );
    }
    return c.json(toApiHead(head));
  });

  return app;
}
