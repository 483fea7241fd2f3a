/**
 * The project the user last chose, remembered across visits (localStorage; null when unknown or
 * storage is unavailable).
 */
const PROJECT_KEY = "fallom.project";

export function storedProject(): string | null {
  try {
    return localStorage.getItem(PROJECT_KEY);
  } catch {
    return null;
  }
}

export function storeProject(projectId: string): void {
  try {
    localStorage.setItem(PROJECT_KEY, projectId);
  } catch {
    // Private mode: remembered for this page view only.
  }
}
