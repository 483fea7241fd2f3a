/**
 * The public read API under `/api/v1` (SPEC §5.8). Bearer API key or dashboard session; every
 * query is scoped to the request's project.
 */
import { Hono } from "hono";
import type { SpanRecord } from "../../domain/span-record.js";
import { ApiError } from "../api-error.js";
import type { AppEnv } from "../app-env.js";
import { includesContent, parseFilters, parsePage, parseTime } from "../parse-read-query.js";
import { parseSearchText } from "../parse-search-text.js";
import {
  CUSTOMER_SORTS,
  type CustomerSort,
  METRIC_GROUPS,
  type MetricGroup,
  SESSION_CALLS_PAGE,
} from "../read-api.js";
import { microsToIso, toApiSpan } from "../to-api-span.js";

function origin(url: string, publicUrl: string | null): string {
  return publicUrl ?? new URL(url).origin;
}

const TIME_FIELDS = ["start_time", "end_time", "first_activity", "last_activity"];

/** Summary rows carry µs times from the store; the API shows ISO strings everywhere. */
function withIsoTimes<T extends Record<string, unknown>>(row: T): T {
  const out: Record<string, unknown> = { ...row };
  for (const field of TIME_FIELDS) {
    if (typeof out[field] === "number") out[field] = microsToIso(out[field] as number);
  }
  return out as T;
}

export function readApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Authentication (API key or dashboard session) is app.ts's authenticateRequest on /api/v1/*.

  const render = (
    c: { req: { url: string } },
    services: AppEnv["Variables"]["services"],
    includeContent: boolean,
  ) => {
    const base = origin(c.req.url, services.config.publicUrl);
    return (record: SpanRecord) => toApiSpan(record, { includeContent, origin: base });
  };

  app.get("/spans", async (c) => {
    const url = new URL(c.req.url);
    const includeContent = includesContent(url);
    const services = c.get("services");
    const text = parseSearchText(url);
    const result = text
      ? await services.searchSpans(c.get("project").id, parseFilters(url), text, {
          ...parsePage(url),
          includeContent,
        })
      : await services.read.listSpans(c.get("project").id, parseFilters(url), {
          ...parsePage(url),
          includeContent,
        });
    return c.json({
      data: result.data.map(render(c, services, includeContent)),
      next_cursor: result.next_cursor,
    });
  });

  app.get("/spans/:spanId", async (c) => {
    const url = new URL(c.req.url);
    const includeContent = includesContent(url);
    const services = c.get("services");
    const span = await services.read.getSpan(
      c.get("project").id,
      c.req.param("spanId").toLowerCase(),
      includeContent,
    );
    if (!span) throw new ApiError(404, "span_not_found", `No span ${c.req.param("spanId")} in this project.`);
    return c.json(render(c, services, includeContent)(span));
  });

  app.get("/traces", async (c) => {
    const url = new URL(c.req.url);
    const result = await c
      .get("services")
      .read.listTraces(c.get("project").id, parseFilters(url), parsePage(url));
    return c.json({ data: result.data.map(withIsoTimes), next_cursor: result.next_cursor });
  });

  app.get("/traces/:traceId", async (c) => {
    const url = new URL(c.req.url);
    const services = c.get("services");
    const trace = await services.read.getTrace(c.get("project").id, c.req.param("traceId").toLowerCase());
    if (!trace)
      throw new ApiError(404, "trace_not_found", `No trace ${c.req.param("traceId")} in this project.`);
    const includeContent = includesContent(url);
    return c.json({ ...withIsoTimes(trace), spans: trace.spans.map(render(c, services, includeContent)) });
  });

  app.get("/sessions", async (c) => {
    const url = new URL(c.req.url);
    const result = await c
      .get("services")
      .read.listSessions(c.get("project").id, parseFilters(url), parsePage(url));
    return c.json({ data: result.data.map(withIsoTimes), next_cursor: result.next_cursor });
  });

  app.get("/sessions/:sessionId", async (c) => {
    const services = c.get("services");
    // The calls are paged (oldest first) so a long session costs the same per request as a short
    // one: 1,000 calls with content were ~550 KiB and 80–130 ms at 1M spans (docs/benchmarks.md).
    const session = await services.read.getSession(
      c.get("project").id,
      c.req.param("sessionId"),
      parsePage(new URL(c.req.url), SESSION_CALLS_PAGE),
    );
    if (!session)
      throw new ApiError(404, "session_not_found", `No session ${c.req.param("sessionId")} in this project.`);
    return c.json({
      ...withIsoTimes(session),
      calls: session.calls.map(render(c, services, true)),
      next_cursor: session.next_cursor,
    });
  });

  app.get("/customers", async (c) => {
    const url = new URL(c.req.url);
    const sortText = url.searchParams.get("sort") ?? "last_activity";
    if (!(CUSTOMER_SORTS as readonly string[]).includes(sortText)) {
      throw new ApiError(
        400,
        "invalid_parameter",
        `Query parameter "sort" must be one of ${CUSTOMER_SORTS.join(", ")}.`,
      );
    }
    const result = await c.get("services").read.listCustomers(c.get("project").id, parseFilters(url), {
      ...parsePage(url),
      sort: sortText as CustomerSort,
    });
    return c.json({ data: result.data.map(withIsoTimes), next_cursor: result.next_cursor });
  });

  app.get("/metrics", async (c) => {
    const url = new URL(c.req.url);
    const groupBy = url.searchParams.get("group_by") ?? "model";
    if (!(METRIC_GROUPS as readonly string[]).includes(groupBy)) {
      throw new ApiError(
        400,
        "invalid_parameter",
        `Query parameter "group_by" must be one of ${METRIC_GROUPS.join(", ")}.`,
      );
    }
    const filters = parseFilters(url);
    const from = url.searchParams.get("from");
    const to = url.searchParams.get("to");
    const rows = await c.get("services").read.metrics(c.get("project").id, {
      group_by: groupBy as MetricGroup,
      ...(from ? { from: parseTime("from", from) } : {}),
      ...(to ? { to: parseTime("to", to) } : {}),
      filters,
    });
    return c.json({ group_by: groupBy, data: rows });
  });

  return app;
}
