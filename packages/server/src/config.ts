/**
 * Server settings: command-line flag → environment variable → default, resolved in one place
 * (SPEC §1.2). The README's configuration table lists every entry here.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { passwordProblem } from "./auth/password-hash.js";
import { parsePriceRefreshInterval } from "./price-refresh-interval.js";

/** `packages/dashboard/dist`, from this file in `src/` or `dist/` of the server package. */
const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL("../../dashboard/dist", import.meta.url));

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  publicUrl: string | null;
  maxBodyBytes: number;
  bootstrapApiKey: string | null;
  /** Rows queued for writing above which ingest answers 503 + Retry-After. */
  ingestHighWaterRows: number;
  /** The dashboard build (`packages/dashboard/dist`) served at `/`. */
  dashboardDir: string;
  /** `FALLOM_ADMIN_EMAIL` + `FALLOM_ADMIN_PASSWORD`: the first admin, created at start when no user exists. */
  admin: { email: string; password: string } | null;
  /** `FALLOM_PRICE_REFRESH`: ms between downloads of the published price data; null = `off`. */
  priceRefreshMs: number | null;
}

export interface ServerFlags {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
}

export class ConfigError extends Error {}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${value}".`);
  }
  return parsed;
}

/** Resolves the configuration; throws {@link ConfigError} with a fixable message on bad values. */
export function resolveConfig(flags: ServerFlags = {}, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const dataDir = path.resolve(flags.dataDir ?? env.FALLOM_DATA_DIR ?? "./data");
  const databaseUrl = flags.databaseUrl ?? env.DATABASE_URL ?? `sqlite:${path.join(dataDir, "fallom.db")}`;
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL must start with "sqlite:" (e.g. sqlite:./data/fallom.db) or "postgres://", got "${databaseUrl}".`,
    );
  }
  const bootstrapApiKey = env.FALLOM_BOOTSTRAP_API_KEY?.trim() || null;
  if (bootstrapApiKey !== null && bootstrapApiKey.length < 8) {
    throw new ConfigError(
      "FALLOM_BOOTSTRAP_API_KEY is too short: use flm_ followed by at least 32 letters or digits.",
    );
  }
  const adminEmail = env.FALLOM_ADMIN_EMAIL?.trim() || null;
  const adminPassword = env.FALLOM_ADMIN_PASSWORD || null;
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError(
      "Set both FALLOM_ADMIN_EMAIL and FALLOM_ADMIN_PASSWORD to create the first admin, or neither (then open the setup link the server prints).",
    );
  }
  if (adminEmail !== null && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError(`FALLOM_ADMIN_EMAIL must be an email address, got "${adminEmail}".`);
  }
  const adminPasswordProblem = adminPassword === null ? null : passwordProblem(adminPassword);
  if (adminPasswordProblem !== null) {
    throw new ConfigError(`FALLOM_ADMIN_PASSWORD is not accepted: ${adminPasswordProblem}`);
  }
  let priceRefreshMs: number | null;
  try {
    priceRefreshMs = parsePriceRefreshInterval(env.FALLOM_PRICE_REFRESH);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    port: flags.port ?? parseInteger("PORT", env.PORT, 4318, 0),
    host: flags.host ?? env.HOST ?? "127.0.0.1",
    dataDir,
    databaseUrl,
    publicUrl: env.FALLOM_PUBLIC_URL?.replace(/\/+$/, "") || null,
    maxBodyBytes: parseInteger("FALLOM_MAX_BODY_BYTES", env.FALLOM_MAX_BODY_BYTES, 20 * 1024 * 1024, 1024),
    bootstrapApiKey,
    ingestHighWaterRows: parseInteger("FALLOM_INGEST_HIGH_WATER", env.FALLOM_INGEST_HIGH_WATER, 50_000, 1),
    dashboardDir: path.resolve(env.FALLOM_DASHBOARD_DIR || DEFAULT_DASHBOARD_DIR),
    admin:
      adminEmail !== null && adminPassword !== null ? { email: adminEmail, password: adminPassword } : null,
    priceRefreshMs,
  };
}
