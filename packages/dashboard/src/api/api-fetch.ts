/**
 * The one way the dashboard talks to the server: same-origin `fetch` with the session cookie, the
 * CSRF token on every mutation and the chosen project in `X-Fallom-Project` (dashboard contract).
 */

/** An error answer of the API (`{error, code}`), or a network failure (`status` 0). */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiRequestError";
    this.status = status;
    this.code = code;
  }
}

interface SessionState {
  csrfToken: string | null;
  projectId: string | null;
  onLoggedOut: (() => void) | null;
}

const session: SessionState = { csrfToken: null, projectId: null, onLoggedOut: null };

/** Called after login and on every `/api/auth/me`: later mutations carry this token. */
export function setCsrfToken(token: string | null): void {
  session.csrfToken = token;
}

/** The project every `/api/v1` request acts on (null = the user's first project). */
export function setProjectId(projectId: string | null): void {
  session.projectId = projectId;
}

export function currentProjectId(): string | null {
  return session.projectId;
}

/** Registers what to do when the server says the session is gone (401 on a data request). */
export function onLoggedOut(handler: () => void): void {
  session.onLoggedOut = handler;
}

/**
 * Adds `project=<id>` to a same-origin URL that the browser fetches by itself (images, downloads),
 * since plain links cannot carry the project header.
 *
 * @example withProjectParam("/media/ab…") // "/media/ab…?project=prj_1"
 */
export function withProjectParam(url: string): string {
  if (!session.projectId) return url;
  try {
    const parsed = new URL(url, window.location.origin);
    if (parsed.origin !== window.location.origin) return url;
    parsed.searchParams.set("project", session.projectId);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

export interface ApiFetchOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
  /** Acts on this project instead of the session's (page preloads before the session is known). */
  projectId?: string;
}

/**
 * Fetches `path` and parses the JSON answer; throws {@link ApiRequestError} with the server's
 * message on any non-2xx answer.
 *
 * @example const keys = await apiFetch<{ data: ApiKey[] }>("/api/v1/keys");
 */
export async function apiFetch<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && session.csrfToken) headers["X-CSRF-Token"] = session.csrfToken;
  const projectId = options.projectId ?? session.projectId;
  if (projectId && !path.startsWith("/api/auth/")) headers["X-Fallom-Project"] = projectId;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiRequestError(0, "network_error", "Cannot reach the server. Check that it is running.");
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // A non-JSON answer (a proxy's error page, say) is reported by status below.
  }
  if (!response.ok) {
    const record = (body ?? {}) as { error?: unknown; code?: unknown };
    const error = new ApiRequestError(
      response.status,
      typeof record.code === "string" ? record.code : `http_${response.status}`,
      typeof record.error === "string" ? record.error : `The server answered ${response.status}.`,
    );
    if (response.status === 401 && !path.startsWith("/api/auth/")) session.onLoggedOut?.();
    throw error;
  }
  return body as T;
}
