/**
 * Helpers for the model A/B and prompt tests: the management API of the real server
 * (`/api/v1/configs|prompts|prompt-ab-tests`, SPEC §5.8) and a switchable HTTP proxy in front of
 * it, to play "server down" and "server starts failing" without stopping the server.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TraceServer } from "./harness.js";

/** POST/GET against the management API; throws with the body on an unexpected status. */
export async function api(
  server: TraceServer,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<any> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

/** `GET /api/v1/sessions/{id}`'s model assignments (empty when the session is unknown). */
export async function sessionAssignments(server: TraceServer, sessionId: string): Promise<any[]> {
  const response = await fetch(`${server.url}/api/v1/sessions/${encodeURIComponent(sessionId)}`, {
    headers: { authorization: `Bearer ${server.apiKey}` },
  });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`GET /api/v1/sessions/${sessionId} → ${response.status}`);
  return ((await response.json()) as { assignments: any[] }).assignments;
}

/** Polls `check` until it returns a value other than undefined (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export type ProxyMode = "forward" | "fail" | "refuse" | "hang";

export interface SwitchableProxy {
  url: string;
  /**
   * forward: pass through; fail: answer 503; refuse: destroy the connection (network error);
   * hang: accept the request and never answer (until close).
   */
  mode: ProxyMode;
  /** Every request received: method + path. */
  requests: string[];
  /** The `session_id` of every `POST /sessions` received. */
  postedSessions: string[];
  close(): Promise<void>;
}

/** An HTTP proxy to `targetUrl` whose behaviour the test switches at will. */
export async function startSwitchableProxy(
  targetUrl: string,
  mode: ProxyMode = "forward",
): Promise<SwitchableProxy> {
  const target = new URL(targetUrl);
  const state: SwitchableProxy = {
    url: "",
    mode,
    requests: [],
    postedSessions: [],
    close: async () => {},
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.requests.push(`${req.method} ${req.url}`);
    if (state.mode === "refuse") {
      req.socket.destroy();
      return;
    }
    if (state.mode === "hang") return;
    if (state.mode === "fail") {
      res.writeHead(503, { "content-type": "application/json" });
      res.end('{"error":{"code":"overloaded","message":"proxy set to fail"}}');
      return;
    }
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const body = Buffer.concat(parts);
      if (req.method === "POST" && req.url === "/sessions") {
        state.postedSessions.push((JSON.parse(body.toString("utf8")) as { session_id: string }).session_id);
      }
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
