/**
 * Server settings: command-line flag → environment variable → default, resolved in one place
 * (SPEC §1.2). The README's configuration table lists every entry here.
 */
import path from "node:path";

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
  return {
    port: flags.port ?? parseInteger("PORT", env.PORT, 4318, 0),
    host: flags.host ?? env.HOST ?? "127.0.0.1",
    dataDir,
    databaseUrl,
    publicUrl: env.FALLOM_PUBLIC_URL?.replace(/\/+$/, "") || null,
    maxBodyBytes: parseInteger("FALLOM_MAX_BODY_BYTES", env.FALLOM_MAX_BODY_BYTES, 20 * 1024 * 1024, 1024),
    bootstrapApiKey,
    ingestHighWaterRows: parseInteger("FALLOM_INGEST_HIGH_WATER", env.FALLOM_INGEST_HIGH_WATER, 50_000, 1),
  };
}
