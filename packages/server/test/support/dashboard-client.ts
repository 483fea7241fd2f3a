/**
 * A browser-like client for the dashboard API in tests: keeps the session cookie, sends the CSRF
 * token on changes and the chosen project in `X-Fallom-Project`, as the SPA does. Works in-process
 * (`app.request`) or over real HTTP (`fetch`).
 */
export type Fetcher = (path: string, init: RequestInit) => Promise<Response>;

export const inProcess =
  (app: { request(path: string, init: RequestInit): Response | Promise<Response> }): Fetcher =>
  async (path, init) =>
    app.request(path, init);

export const overHttp =
  (baseUrl: string): Fetcher =>
  (path, init) =>
    fetch(`${baseUrl}${path}`, init);

/** The `fallom_session` value of a response's Set-Cookie, or undefined. */
export function sessionCookieOf(response: Response): { value: string; attributes: string } | undefined {
  for (const line of response.headers.getSetCookie()) {
    const match = /^fallom_session=([^;]*)(.*)$/.exec(line);
    if (match) return { value: match[1] ?? "", attributes: match[2] ?? "" };
  }
  return undefined;
}

export class DashboardClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  project: string | undefined;

  constructor(private readonly fetcher: Fetcher) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = `fallom_session=${this.cookie}`;
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    if (method !== "GET" && csrf) headers["x-csrf-token"] = csrf;
    if (this.project && !path.startsWith("/api/auth/")) headers["x-fallom-project"] = this.project;
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const response = await this.fetcher(path, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const cookie = sessionCookieOf(response);
    if (cookie) this.cookie = cookie.value || undefined;
    return response;
  }

  async json<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** Logs in and remembers the cookie and CSRF token; returns the `Me` answer. */
  async login(email: string, password: string): Promise<any> {
    const me = await this.json("POST", "/api/auth/login", { email, password });
    this.csrfToken = me.csrf_token;
    return me;
  }
}
