/**
 * `GET /api/v1/spans/export?format=jsonl|csv` (dashboard contract, settings "export"): every span
 * matching the list's filters (and `q`), streamed page by page, so an export of a million spans
 * never sits in memory. JSONL lines are the API's call records (`include=content` adds content, as
 * on the list); CSV rows hold the scalar fields. Mounted before the read routes, so that
 * `/spans/export` is not taken for a span id.
 */
import { Hono } from "hono";
import { ApiError } from "../api-error.js";
import type { AppEnv } from "../app-env.js";
import { includesContent, parseFilters } from "../parse-read-query.js";
import { parseSearchText } from "../parse-search-text.js";
import { requireRole } from "../request-principal.js";
import { toApiSpan } from "../to-api-span.js";
import { csvHeader, toCsvRow } from "../to-csv-row.js";

/** Spans read per database round trip. */
const EXPORT_PAGE = 500;

const FORMATS = {
  jsonl: { contentType: "application/x-ndjson; charset=utf-8", extension: "jsonl" },
  csv: { contentType: "text/csv; charset=utf-8", extension: "csv" },
} as const;

export function spanExportRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/spans/export", async (c) => {
    const project = requireRole(c, "viewer");
    const services = c.get("services");
    const url = new URL(c.req.url);
    const format = url.searchParams.get("format") ?? "jsonl";
    if (format !== "jsonl" && format !== "csv") {
      throw new ApiError(
        400,
        "invalid_parameter",
        `Query parameter "format" must be "jsonl" or "csv"; got "${format}".`,
      );
    }
    const filters = parseFilters(url);
    const text = parseSearchText(url);
    const includeContent = format === "jsonl" && includesContent(url);
    const origin = services.config.publicUrl ?? url.origin;
    const readPage = (cursor?: string) =>
      services.searchSpans(project.id, filters, text, {
        limit: EXPORT_PAGE,
        includeContent,
        ...(cursor ? { cursor } : {}),
      });

    // The first page is read before answering, so a bad filter is still a 400, not a cut stream.
    let page: Awaited<ReturnType<typeof readPage>> | null = await readPage();
    let headerSent = format !== "csv";
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          let chunk = headerSent ? "" : csvHeader();
          headerSent = true;
          if (page) {
            for (const record of page.data) {
              const span = toApiSpan(record, { includeContent, origin });
              chunk += format === "csv" ? toCsvRow(span) : `${JSON.stringify(span)}\n`;
            }
            page = page.next_cursor ? await readPage(page.next_cursor) : null;
          }
          if (chunk) controller.enqueue(encoder.encode(chunk));
          if (!page) controller.close();
        } catch (error) {
          services.log(`[fallom] span export failed: ${(error as Error).stack ?? error}`);
          controller.error(error);
        }
      },
      cancel() {
        page = null;
      },
    });

    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "Z");
    const safeProject = project.id.replace(/[^A-Za-z0-9_-]/g, "_");
    const { contentType, extension } = FORMATS[format];
    return c.body(stream, 200, {
      "content-type": contentType,
      "content-disposition": `attachment; filename="fallom-spans-${safeProject}-${stamp}.${extension}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
  });

  return app;
}
