/**
 * The SDK-facing prompt endpoints (SPEC §5.5, §8): `GET /prompts` (every version, by key, each
 * key's current version last: the published SDKs treat the last one seen as current and cache all
 * of them, which is how they pin versions), `GET /prompts/{key}/version/{v}` (ours) and
 * `GET /prompt-ab-tests`.
 */
import { Hono } from "hono";
import type { PromptPayload } from "../../store/prompts-repository.js";
import type { VersionRow } from "../../store/versioned-objects.js";
import { ApiError } from "../api-error.js";
import type { AppEnv } from "../app-env.js";
import { parsePathVersion, requireProjectKey } from "./configs-routes.js";

const toWirePrompt = (row: VersionRow<PromptPayload>) => ({
  key: row.key,
  version: row.version,
  system_prompt: row.system_prompt,
  user_template: row.user_template,
});

export function promptsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/prompts", async (c) => {
    const project = await requireProjectKey(c);
    const rows = await c.get("services").ab.prompts.listAllVersionsCurrentLast(project.id);
    return c.json({ prompts: rows.map(toWirePrompt) });
  });

  app.get("/prompts/:key/version/:version", async (c) => {
    const project = await requireProjectKey(c);
    const key = c.req.param("key");
    const version = parsePathVersion(c.req.param("version"));
    const row =
      version === null ? null : await c.get("services").ab.prompts.getVersion(project.id, key, version);
    if (!row) {
      throw new ApiError(
        404,
        "prompt_version_not_found",
        `Prompt "${key}" has no version ${c.req.param("version")}. GET /api/v1/prompts/${key}/versions lists its versions.`,
      );
    }
    return c.json(toWirePrompt(row));
  });

  app.get("/prompt-ab-tests", async (c) => {
    const project = await requireProjectKey(c);
    const heads = await c.get("services").ab.promptAbTests.list(project.id);
    return c.json({
      prompt_ab_tests: heads.map((head) => ({
        key: head.key,
        version: head.current.version,
        variants: head.current.variants,
      })),
    });
  });

  return app;
}
