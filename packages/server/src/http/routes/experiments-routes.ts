/**
 * Experiment results (SPEC §5.8, §7.6): `GET /api/v1/experiments/models/{config_key}` and
 * `GET /api/v1/experiments/prompts/{ab_test_key}`. The store hands over the calls, assignment
 * counts and custom metrics; `domain/experiments` does the statistics.
 *
 * Query: `from`, `to` (ISO-8601 or epoch ms, on the call's start time); for models also
 * `match_model=false` to count every call of an assigned session, not only those that used the
 * assigned model.
 */
import { type Context, Hono } from "hono";
import {
  buildExperimentResult,
  type ExperimentArm,
} from "../../domain/experiments/build-experiment-result.js";
import type {
  ExperimentCall,
  ExperimentWindow,
  SessionCustomMetrics,
} from "../../store/experiment-queries.js";
import { ApiError } from "../api-error.js";
import type { AppEnv } from "../app-env.js";
import { parseTime } from "../parse-read-query.js";
import { requireRole } from "../request-principal.js";

function parseWindow(c: Context<AppEnv>): ExperimentWindow & { fromText?: string; toText?: string } {
  const from = c.req.query("from");
  const to = c.req.query("to");
  const window: ExperimentWindow = {};
  if (from) window.from = parseTime("from", from);
  if (to) window.to = parseTime("to", to);
  if (window.from !== undefined && window.to !== undefined && window.from >= window.to) {
    throw new ApiError(400, "invalid_parameter", 'Query parameter "from" must be before "to".');
  }
  return window;
}

function parseMatchModel(c: Context<AppEnv>): boolean {
  const value = c.req.query("match_model");
  if (value === undefined || value === "true") return true;
  if (value === "false") return false;
  throw new ApiError(
    400,
    "invalid_parameter",
    `Query parameter "match_model" must be true or false; got "${value}".`,
  );
}

function groupBy<K>(
  calls: readonly ExperimentCall[],
  keyOf: (call: ExperimentCall) => K,
): Map<K, ExperimentCall[]> {
  const groups = new Map<K, ExperimentCall[]>();
  for (const call of calls) {
    const key = keyOf(call);
    groups.set(key, [...(groups.get(key) ?? []), call]);
  }
  return groups;
}

const metricsOfArm = (
  metrics: readonly SessionCustomMetrics[],
  sessionArm: Map<string, unknown>,
  arm: unknown,
) =>
  metrics
    .filter((entry) => (entry.arm ?? sessionArm.get(entry.session_id)) === arm)
    .map((entry) => entry.data);

export function experimentsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/experiments/models/:configKey", async (c) => {
    const project = requireRole(c, "viewer");
    const configKey = c.req.param("configKey");
    const window = parseWindow(c);
    const matchModel = parseMatchModel(c);
    const ab = c.get("services").ab;
    const head = await ab.configs.get(project.id, configKey);
    if (!head) {
      throw new ApiError(
        404,
        "config_not_found",
        `No config "${configKey}" in this project. GET /api/v1/configs lists them.`,
      );
    }
    const data = await ab.modelExperimentData(project.id, configKey, { ...window, matchModel });
    const callsByModel = groupBy(data.calls.calls, (call) => call.arm as string);
    const current = head.current;
    const assigned = (model: string, version?: number) =>
      data.assignments
        .filter(
          (row) => row.assigned_model === model && (version === undefined || row.config_version === version),
        )
        .reduce((sum, row) => sum + row.sessions, 0);
    const arms: ExperimentArm[] = current.variants.map((variant, index) => ({
      variant_index: index,
      weight: variant.weight,
      describes: { model: variant.model },
      calls: callsByModel.get(variant.model) ?? [],
      custom_metrics: metricsOfArm(data.customMetrics, new Map(), variant.model),
      assigned_sessions: assigned(variant.model),
      ratio_count: assigned(variant.model, current.version),
    }));
    const configuredModels = new Set(current.variants.map((variant) => variant.model));
    const otherModels = new Set(
      data.assignments.map((row) => row.assigned_model).filter((model) => !configuredModels.has(model)),
    );
    for (const model of otherModels) {
      arms.push({
        variant_index: null,
        weight: null,
        describes: { model },
        calls: callsByModel.get(model) ?? [],
        custom_metrics: metricsOfArm(data.customMetrics, new Map(), model),
        assigned_sessions: assigned(model),
        ratio_count: 0,
      });
    }
    return c.json({
      config_key: configKey,
      config_version: current.version,
      targeting_enabled: Boolean(current.targeting && current.targeting.enabled !== false),
      match_model: matchModel,
      calls_truncated: data.calls.truncated,
      ...buildExperimentResult(arms),
    });
  });

  app.get("/experiments/prompts/:abTestKey", async (c) => {
    const project = requireRole(c, "viewer");
    const abTestKey = c.req.param("abTestKey");
    const window = parseWindow(c);
    const ab = c.get("services").ab;
    const head = await ab.promptAbTests.get(project.id, abTestKey);
    if (!head) {
      throw new ApiError(
        404,
        "prompt_ab_test_not_found",
        `No prompt A/B test "${abTestKey}" in this project. GET /api/v1/prompt-ab-tests lists them.`,
      );
    }
    const data = await ab.promptExperimentData(project.id, abTestKey, window);
    const variants = head.current.variants;
    const armOf = (call: ExperimentCall) =>
      typeof call.arm === "number" && call.arm >= 0 && call.arm < variants.length ? call.arm : null;
    const callsByArm = groupBy(data.calls.calls, armOf);
    // A session's custom metrics go to the arm of its first (oldest) linked call.
    const sessionArm = new Map<string, number | null>();
    for (const call of [...data.calls.calls].reverse()) {
      if (call.session_id !== null && !sessionArm.has(call.session_id))
        sessionArm.set(call.session_id, armOf(call));
    }
    const distinctSessions = (calls: readonly ExperimentCall[]) =>
      new Set(calls.map((call) => call.session_id).filter((id) => id !== null)).size;
    const arms: ExperimentArm[] = variants.map((variant, index) => {
      const calls = callsByArm.get(index) ?? [];
      return {
        variant_index: index,
        weight: variant.weight,
        describes: { prompt_key: variant.prompt_key, prompt_version: variant.prompt_version },
        calls,
        custom_metrics: metricsOfArm(data.customMetrics, sessionArm, index),
        ratio_count: distinctSessions(calls),
      };
    });
    const unmatched = callsByArm.get(null);
    if (unmatched) {
      arms.push({
        variant_index: null,
        weight: null,
        describes: { prompt_key: null, prompt_version: null },
        calls: unmatched,
        custom_metrics: metricsOfArm(data.customMetrics, sessionArm, null),
        ratio_count: 0,
      });
    }
    return c.json({
      ab_test_key: abTestKey,
      ab_test_version: head.current.version,
      calls_truncated: data.calls.truncated,
      ...buildExperimentResult(arms),
    });
  });

  return app;
}
