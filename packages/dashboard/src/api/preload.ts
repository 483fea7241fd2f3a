/**
 * Starts the landing page's first data request while `/api/auth/me` is still in flight, so a
 * page load costs one round trip to the API instead of two. The page takes the answer if it
 * asks for the same URL for the same project; otherwise it is dropped and fetched as usual.
 */
import { apiFetch } from "./api-fetch.js";

const pending = new Map<string, Promise<unknown>>();

function key(projectId: string | null, path: string): string {
  return `${projectId ?? ""} ${path}`;
}

/**
 * Fetches `path` now for `projectId` (the remembered project; null = the server's default, the
 * user's first project).
 */
export function preload(path: string, projectId: string | null): void {
  const promise = apiFetch(path, projectId ? { projectId } : {});
  // A failure surfaces when (and if) the page takes the promise; never as an unhandled rejection.
  promise.catch(() => undefined);
  pending.set(key(projectId, path), promise);
}

/**
 * The preloaded answer for `path`, once. `isDefaultProject` says whether `projectId` is the
 * user's first project (what a header-less preload was answered for).
 */
export function takePreloaded<T>(
  path: string,
  projectId: string,
  isDefaultProject: boolean,
): Promise<T> | null {
  for (const candidate of isDefaultProject ? [projectId, null] : [projectId]) {
    const promise = pending.get(key(candidate, path));
    if (promise) {
      pending.clear();
      return promise as Promise<T>;
    }
  }
  pending.clear();
  return null;
}
