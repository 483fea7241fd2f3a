/**
 * The dashboard SPA (dashboard contract "Static serving"): files of the Vite build as they are,
 * `index.html` for every other GET path outside the API's reserved prefixes (client-side routes),
 * and a short text page when the build is missing. Hashed assets (`/assets/…`) are cached for a
 * year; `index.html` is revalidated on every load so a new build shows up at once.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { Hono } from "hono";
import { getMimeType } from "hono/utils/mime";
import type { AppEnv } from "../app-env.js";

/** Paths the SPA never answers (SPEC §1.2): the API, ingest, media and the SDK endpoints. */
export const RESERVED_PREFIXES = [
  "/v1/",
  "/spans",
  "/configs",
  "/sessions",
  "/prompts",
  "/prompt-ab-tests",
  "/api/",
  "/media/",
  "/anthropic/",
  "/healthz",
] as const;

const RESERVED_EXACT = new Set(["/v1", "/api", "/media", "/anthropic"]);

export const isReservedPath = (pathname: string): boolean =>
  RESERVED_EXACT.has(pathname) || RESERVED_PREFIXES.some((prefix) => pathname.startsWith(prefix));

/**
 * For the HTML: Vite's production build loads scripts and styles from files, so no inline script
 * is allowed. Inline styles are (charting and layout code sets `style` attributes); images may be
 * `data:`/`blob:` URLs (previews) besides `/media/…`.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const HTML_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-cache",
  "content-security-policy": DASHBOARD_CSP,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
};

const missingBuildPage = (dashboardDir: string) =>
  [
    "Fallom server is running, but the dashboard is not built.",
    "",
    `No index.html in ${dashboardDir}.`,
    "Build it with `npm run build` in the repository (or point FALLOM_DASHBOARD_DIR at a build),",
    "then reload this page. The API (/api/v1), ingest (/v1/traces) and /healthz work without it.",
    "",
  ].join("\n");

/** The regular file under `root` that `pathname` names, or null (also for `..` escapes and links out). */
async function findFile(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const candidate = path.join(root, path.normalize(`/${decoded}`));
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!realFile.startsWith(realRoot + path.sep)) return null;
    return (await stat(realFile)).isFile() ? realFile : null;
  } catch {
    return null;
  }
}

/**
 * @example
 * app.route("/", staticRoutes("/srv/fallom/packages/dashboard/dist"));
 */
export function staticRoutes(dashboardDir: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const root = path.resolve(dashboardDir);

  app.get("*", async (c) => {
    const pathname = c.req.path;
    if (isReservedPath(pathname)) return c.notFound();

    const file = pathname === "/" ? null : await findFile(root, pathname);
    if (file && path.basename(file) !== "index.html") {
      const hashed = pathname.startsWith("/assets/");
      return c.body(await readFile(file), 200, {
        "content-type": getMimeType(file) ?? "application/octet-stream",
        "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
        "x-content-type-options": "nosniff",
      });
    }
    // A missing hashed asset is a stale or broken page, not a client-side route.
    if (pathname.startsWith("/assets/")) return c.notFound();

    const index = await findFile(root, "/index.html");
    if (!index) {
      return c.text(missingBuildPage(root), 200, { "cache-control": "no-store" });
    }
    return c.body(await readFile(index), 200, HTML_HEADERS);
  });

  return app;
}
