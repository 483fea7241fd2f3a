/**
 * The one HTTP helper of the config and prompt clients: a GET or POST with the Bearer key and a
 * hard timeout, run with tracing suppressed so the user's own HTTP instrumentation never records
 * our traffic. Rejects with a RemoteError that says what happened.
 */
import { context } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";

/** A failed request: `status` is the HTTP status, absent for network errors and timeouts. */
export class RemoteError extends Error {
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.name = "RemoteError";
    this.status = status;
  }
}

export interface RemoteRequest {
  url: string;
  apiKey: string;
  timeoutMs: number;
  /** JSON body: makes the request a POST. */
  body?: unknown;
  /** Aborts the request early (the client stopping). */
  signal?: AbortSignal;
}

/**
 * @example const json = await fetchJson({ url: "http://localhost:4318/configs", apiKey, timeoutMs: 10_000 });
 */
export async function fetchJson(request: RemoteRequest): Promise<unknown> {
  const init: RequestInit = {
    method: request.body === undefined ? "GET" : "POST",
    headers: {
      authorization: `Bearer ${request.apiKey}`,
      accept: "application/json",
      ...(request.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    signal: requestSignal(request),
  };
  let response: Response;
  try {
    response = await context.with(suppressTracing(context.active()), () => fetch(request.url, init));
  } catch (error) {
    throw new RemoteError(`${describeRequest(request)} failed: ${describeCause(error)}`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new RemoteError(`${describeRequest(request)}: reading the answer failed: ${describeCause(error)}`);
  }
  if (!response.ok) {
    throw new RemoteError(
      `${describeRequest(request)} → ${response.status}${text ? `: ${text.slice(0, 300)}` : ""}`,
      response.status,
    );
  }
  try {
    return text === "" ? {} : JSON.parse(text);
  } catch {
    throw new RemoteError(`${describeRequest(request)} → ${response.status} but the body is not JSON`);
  }
}

/** The timeout, plus the caller's signal where `AbortSignal.any` exists (Node ≥ 20.3). */
function requestSignal(request: RemoteRequest): AbortSignal {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  if (!request.signal || typeof AbortSignal.any !== "function") return timeout;
  return AbortSignal.any([request.signal, timeout]);
}

function describeRequest(request: RemoteRequest): string {
  return `${request.body === undefined ? "GET" : "POST"} ${request.url}`;
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "timed out";
  if (error.name === "AbortError") return "aborted (the SDK was shut down)";
  // undici puts the useful part (ECONNREFUSED, "other side closed") in `cause`.
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const message = typeof cause?.message === "string" && cause.message !== "" ? cause.message : undefined;
  if (message && code && !message.includes(code)) return `${message} (${code})`;
  return message ?? code ?? error.message;
}
