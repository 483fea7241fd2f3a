/**
 * Builds the SPA into `dist/`, which the server serves at `/`. In development (`npx vite`), API,
 * media and ingest requests are proxied to a running server (`FALLOM_DEV_SERVER`, default
 * http://127.0.0.1:4318) so the app stays same-origin as in production.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const target = process.env.FALLOM_DEV_SERVER ?? "http://127.0.0.1:4318";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, target: "es2022" },
  server: {
    proxy: {
      "/api": target,
      "/media": target,
      "/v1": target,
      "/healthz": target,
    },
  },
});
