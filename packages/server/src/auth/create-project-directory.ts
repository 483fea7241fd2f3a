/**
 * The projects of the install as the dashboard manages them (dashboard contract: every user sees
 * every project in v1, so there is no membership table yet). `onChange` runs after a rename so
 * cached key → project lookups pick the new name up.
 */
import { renameProject } from "../store/admin-queries.js";
import type { Database } from "../store/open-database.js";
import { createProject, getProject, listProjects, type Project } from "../store/project-repository.js";

export interface ProjectSummary {
  id: string;
  name: string;
  created_at: string;
}

const toSummary = ({ id, name, created_at }: Project): ProjectSummary => ({ id, name, created_at });

/**
 * @example
 * const directory = createProjectDirectory(database, { onChange: () => cache.clear() });
 * const project = await directory.create("checkout");
 */
export function createProjectDirectory(database: Database, options: { onChange(): void }) {
  return {
    /** Oldest first, so the default project (created at first start) leads. */
    async list(): Promise<ProjectSummary[]> {
      return (await listProjects(database)).map(toSummary);
    },
    async create(name: string): Promise<ProjectSummary> {
      return toSummary(await createProject(database, { name }));
    },
    /** The renamed project, or null when there is none with that id. */
    async rename(id: string, name: string): Promise<ProjectSummary | null> {
      if (!(await renameProject(database, id, name))) return null;
      options.onChange();
      const renamed = await getProject(database, id);
      return renamed ? toSummary(renamed) : null;
    },
  };
}

export type ProjectDirectory = ReturnType<typeof createProjectDirectory>;
