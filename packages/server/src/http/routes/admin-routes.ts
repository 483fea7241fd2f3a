/**
 * The admin rows of `/api/v1` (SPEC §5.8): API keys, price overrides, cost recompute and project
 * settings. Scoped to the authenticated project; request bodies are validated with zod and every
 * 400 names the field.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { UserRole } from "../../auth/create-accounts.js";
import { priceDataStatus } from "../../domain/price-data-status.js";
import { ApiError } from "../api-error.js";
import type { AppEnv, AuthedProject } from "../app-env.js";
import { parseJsonBody } from "../parse-json-body.js";
import { parseTime } from "../parse-read-query.js";
import { requireRole } from "../request-principal.js";

/**
 * Who may use an admin endpoint: any API key of the project (SPEC §5.8 gives the whole `/api/v1`
 * surface Bearer-key auth), or a dashboard session with at least `minimum` role (dashboard
 * contract: viewers read, members also change prices and recompute costs, admins everything,
 * incl. keys and settings). app.ts's authenticateRequest has resolved the request already.
 */
function authorizeAdmin(c: Context<AppEnv>, minimum: UserRole = "admin"): AuthedProject {
  return requireRole(c, minimum);
}

const usdPerMillion = z
  .number({ error: "must be a finite number (USD per 1M tokens)" })
  .min(0, { error: "must be ≥ 0 (USD per 1M tokens; 0 is a valid price for a free model)" });

const tierSchema = z.strictObject({
  above_input_tokens: z
    .number({ error: "must be a whole number of input tokens" })
    .int({ error: "must be a whole number of input tokens" })
    .min(0, { error: "must be ≥ 0" }),
  input_mtok: usdPerMillion,
  output_mtok: usdPerMillion,
  cache_read_mtok: usdPerMillion.nullish(),
  cache_write_mtok: usdPerMillion.nullish(),
});

function isValidRegex(pattern: string): string | null {
  try {
    new RegExp(pattern, "i");
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const priceOverrideSchema = z
  .strictObject({
    id: z.string({ error: "must be the id of an existing override" }).min(1).optional(),
    model_pattern: z
      .string({ error: "is required: an exact model name, or a regular expression with is_regex=true" })
      .trim()
      .min(1, { error: "must not be empty" })
      .max(500, { error: "must be at most 500 characters" }),
    provider: z
      .string({ error: "must be a provider name (e.g. openai) or null for any provider" })
      .trim()
      .max(100)
      .nullish(),
    is_regex: z.boolean({ error: "must be true or false" }).optional(),
    input_mtok: usdPerMillion,
    output_mtok: usdPerMillion,
    cache_read_mtok: usdPerMillion.nullish(),
    cache_write_mtok: usdPerMillion.nullish(),
    tiers: z.array(tierSchema, { error: "must be an array of tiers or null" }).max(20).nullish(),
    // Read-only; accepted so that a row from GET /api/v1/prices can be edited and sent back as is.
    updated_at: z.unknown().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.is_regex) {
      const problem = isValidRegex(body.model_pattern);
      if (problem) {
        ctx.addIssue({
          code: "custom",
          path: ["model_pattern"],
          message: `is not a valid regular expression (${problem})`,
        });
      }
    }
    const thresholds = (body.tiers ?? []).map((tier) => tier.above_input_tokens);
    if (new Set(thresholds).size !== thresholds.length) {
      ctx.addIssue({
        code: "custom",
        path: ["tiers"],
        message: "two tiers have the same above_input_tokens",
      });
    }
  });

const PRICE_SHAPE =
  'Send one override: {"model_pattern": "my-model", "is_regex": false, "provider": null, "input_mtok": 2, "output_mtok": 8, "cache_read_mtok": null, "cache_write_mtok": null, "tiers": null}, prices in USD per 1M tokens; add "id" to replace an existing override.';

const timeSchema = z.union(
  [
    z.number().int().min(0),
    z.string().refine((text) => /^\d+$/.test(text) || !Number.isNaN(Date.parse(text)), {
      message: "must be an ISO-8601 time or epoch milliseconds",
    }),
  ],
  { error: "must be an ISO-8601 time or epoch milliseconds" },
);

const recomputeSchema = z.strictObject({
  from: timeSchema.optional(),
  to: timeSchema.optional(),
  model: z.string({ error: "must be a model name" }).min(1, { error: "must not be empty" }).optional(),
});

const RECOMPUTE_SHAPE =
  'Send {} to re-price every computed and unpriced call, or narrow it: {"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z", "model": "gpt-4o"}.';

const keySchema = z.strictObject({
  name: z
    .string({ error: 'is required: a label for the key, e.g. "ci"' })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(100, { error: "must be at most 100 characters" }),
});

const settingsSchema = z.strictObject({
  name: z
    .string({ error: "must be a string" })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(200)
    .optional(),
  store_content: z.boolean({ error: "must be true or false" }).optional(),
  retention_days: z
    .number({ error: "must be a whole number of days, or null to keep spans forever" })
    .int({ error: "must be a whole number of days" })
    .min(1, { error: "must be ≥ 1 (or null to keep spans forever)" })
    .max(36_500, { error: "must be ≤ 36500" })
    .nullable()
    .optional(),
});

const SETTINGS_SHAPE = 'Send any of {"name": "checkout", "store_content": false, "retention_days": 30}.';

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/keys", async (c) => {
    const project = authorizeAdmin(c, "viewer");
    return c.json({ data: await c.get("services").admin.listKeys(project.id) });
  });

  app.post("/keys", async (c) => {
    const project = authorizeAdmin(c);
    const body = await parseJsonBody(c.req.raw, keySchema, 'Send {"name": "ci"}.');
    return c.json(await c.get("services").admin.createKey(project.id, body.name), 201);
  });

  app.delete("/keys/:id", async (c) => {
    const project = authorizeAdmin(c);
    const id = c.req.param("id");
    const outcome = await c.get("services").admin.revokeKey(project.id, id);
    if (outcome.status === "not_found") {
      throw new ApiError(
        404,
        "key_not_found",
        `No API key ${id} in this project. GET /api/v1/keys lists its keys.`,
      );
    }
    return c.json(outcome.key);
  });

  app.get("/prices", async (c) => {
    const project = authorizeAdmin(c, "viewer");
    return c.json(await c.get("services").admin.listPrices(project.id));
  });

  app.put("/prices", async (c) => {
    const project = authorizeAdmin(c, "member");
    const body = await parseJsonBody(c.req.raw, priceOverrideSchema, PRICE_SHAPE);
    const saved = await c.get("services").admin.savePrice(project.id, {
      ...(body.id !== undefined ? { id: body.id } : {}),
      model_pattern: body.model_pattern,
      provider: body.provider || null,
      is_regex: body.is_regex ?? false,
      input_mtok: body.input_mtok,
      output_mtok: body.output_mtok,
      cache_read_mtok: body.cache_read_mtok ?? null,
      cache_write_mtok: body.cache_write_mtok ?? null,
      tiers: body.tiers?.length
        ? body.tiers.map((tier) => ({
            ...tier,
            cache_read_mtok: tier.cache_read_mtok ?? null,
            cache_write_mtok: tier.cache_write_mtok ?? null,
          }))
        : null,
    });
    if (!saved) {
      throw new ApiError(
        404,
        "price_not_found",
        `No price override ${body.id} in this project. Omit "id" to create a new override.`,
      );
    }
    return c.json(saved);
  });

  app.delete("/prices/:id", async (c) => {
    const project = authorizeAdmin(c, "member");
    const id = c.req.param("id");
    if (!(await c.get("services").admin.deletePrice(project.id, id))) {
      throw new ApiError(
        404,
        "price_not_found",
        `No price override ${id} in this project. GET /api/v1/prices lists them.`,
      );
    }
    return c.json({ id, deleted: true });
  });

  app.post("/costs/recompute", async (c) => {
    const project = authorizeAdmin(c, "member");
    const body = await parseJsonBody(c.req.raw, recomputeSchema, RECOMPUTE_SHAPE, { emptyAsObject: true });
    const from = body.from === undefined ? undefined : parseTime("from", String(body.from));
    const to = body.to === undefined ? undefined : parseTime("to", String(body.to));
    if (from !== undefined && to !== undefined && from >= to) {
      throw new ApiError(
        400,
        "invalid_body",
        `Invalid request body: "from" must be before "to". ${RECOMPUTE_SHAPE}`,
      );
    }
    const result = await c.get("services").admin.recompute(project.id, {
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(body.model !== undefined ? { model: body.model } : {}),
    });
    return c.json(result);
  });

  const projectGone = () =>
    new ApiError(
      404,
      "project_not_found",
      "This key's project no longer exists. Use a key of an existing project.",
    );

  app.get("/settings", async (c) => {
    const project = authorizeAdmin(c, "viewer");
    const settings = await c.get("services").admin.getSettings(project.id);
    if (!settings) throw projectGone();
    // The price data is the process's, not the project's (SPEC §4.3 step 2: its date in settings).
    return c.json({ ...settings, price_data: priceDataStatus() });
  });

  app.patch("/settings", async (c) => {
    const project = authorizeAdmin(c);
    const body = await parseJsonBody(c.req.raw, settingsSchema, SETTINGS_SHAPE);
    const settings = await c.get("services").admin.updateSettings(project.id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.store_content !== undefined ? { store_content: body.store_content } : {}),
      ...(body.retention_days !== undefined ? { retention_days: body.retention_days } : {}),
    });
    if (!settings) throw projectGone();
    return c.json(settings);
  });

  return app;
}
