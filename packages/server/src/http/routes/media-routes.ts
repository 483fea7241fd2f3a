import { Hono } from "hono";
import { ApiError } from "../api-error.js";
import type { AppEnv } from "../app-env.js";

/** `GET /media/{sha256}` (SPEC §4.6): the project's key (or a dashboard session) is required. */
export function mediaRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/media/:sha256", async (c) => {
    const services = c.get("services");
    // Set by app.ts's authenticateRequest (API key or dashboard session with ?project=).
    const project = c.get("project");
    const sha256 = c.req.param("sha256");
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      throw new ApiError(
        400,
        "invalid_media_id",
        "A media id is the 64-character lowercase hex SHA-256 of the file.",
      );
    }
    const media = await services.readMedia(project.id, sha256);
    if (!media) throw new ApiError(404, "media_not_found", `No media ${sha256} in this project.`);
    return new Response(media.bytes, {
      headers: {
        "content-type": media.mimeType,
        "cache-control": "private, max-age=31536000, immutable",
        "x-content-type-options": "nosniff",
        // Media comes from untrusted prompts: an SVG or HTML payload must never run script
        // in the dashboard's origin.
        "content-security-policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'",
      },
    });
  });
  return app;
}
