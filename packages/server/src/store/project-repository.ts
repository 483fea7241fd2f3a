/**
 * Projects (SPEC §1.3: a project owns all data) and their settings (§4.5 `store_content`,
 * retention).
 */
import { randomBytes } from "node:crypto";
import type { Database } from "./open-database.js";

export const DEFAULT_PROJECT_ID = "default";

export interface Project {
  id: string;
  name: string;
  created_at: string;
  store_content: boolean;
  retention_days: number | null;
}

export interface ProjectSettings {
  store_content: boolean;
  retention_days: number | null;
}

type ProjectRow = {
  id: string;
  name: string;
  created_at: string;
  store_content: number;
  retention_days: number | null;
};

const toProject = (row: ProjectRow): Project => ({ ...row, store_content: row.store_content === 1 });

export async function getProject(database: Database, projectId: string): Promise<Project | null> {
  const row = await database.kysely
    .selectFrom("projects")
    .selectAll()
    .where("id", "=", projectId)
    .executeTakeFirst();
  return row ? toProject(row) : null;
}

export async function listProjects(database: Database): Promise<Project[]> {
  const rows = await database.kysely
    .selectFrom("projects")
    .selectAll()
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toProject);
}

/**
 * @example
 * const project = await createProject(database, { name: "checkout" });
 */
export async function createProject(
  database: Database,
  input: { name: string; id?: string },
): Promise<Project> {
  const row: ProjectRow = {
    id: input.id ?? `prj_${randomBytes(8).toString("hex")}`,
    name: input.name,
    created_at: new Date().toISOString(),
    store_content: 1,
    retention_days: null,
  };
  await database.kysely.insertInto("projects").values(row).execute();
  return toProject(row);
}

/** Creates project `default` unless it exists (safe when several processes start at once). */
export async function ensureDefaultProject(database: Database): Promise<Project> {
  await database.kysely
    .insertInto("projects")
    .values({ id: DEFAULT_PROJECT_ID, name: DEFAULT_PROJECT_ID, created_at: new Date().toISOString() })
    .onConflict((conflict) => conflict.column("id").doNothing())
    .execute();
  return (await getProject(database, DEFAULT_PROJECT_ID)) as Project;
}

export async function getProjectSettings(
  database: Database,
  projectId: string,
): Promise<ProjectSettings | null> {
  const project = await getProject(database, projectId);
  return project ? { store_content: project.store_content, retention_days: project.retention_days } : null;
}

/** Applies the given fields; returns the new settings, or null for an unknown project. */
export async function updateProjectSettings(
  database: Database,
  projectId: string,
  patch: Partial<ProjectSettings>,
): Promise<ProjectSettings | null> {
  const set: { store_content?: number; retention_days?: number | null } = {};
  if (patch.store_content !== undefined) set.store_content = patch.store_content ? 1 : 0;
  if (patch.retention_days !== undefined) set.retention_days = patch.retention_days;
  if (Object.keys(set).length > 0) {
    await database.kysely.updateTable("projects").set(set).where("id", "=", projectId).execute();
  }
  return getProjectSettings(database, projectId);
}
