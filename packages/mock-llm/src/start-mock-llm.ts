import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { countImageInputs } from "./domain/count-image-inputs.js";
import { IdSequence } from "./http/id-sequence.js";
import { parseMockBehaviour } from "./http/mock-behaviour.js";
import type { MockExchange } from "./http/mock-exchange.js";
import { MockRequestError } from "./http/mock-request-error.js";
import { readRequestBody } from "./http/read-request-body.js";
import { sendJson } from "./http/send-json.js";
import { toAnthropicError } from "./providers/anthropic/to-anthropic-error.js";
import { toGoogleError } from "./providers/google/to-google-error.js";
import { asString, isJsonObject } from "./providers/json-fields.js";
import { toOpenAIError } from "./providers/openai/to-openai-error.js";
import { forcedErrorMessage, type ProviderName } from "./providers/provider.js";
import { findRoute, guessProvider } from "./routes.js";

/** One request as the mock received it, for tests to assert what a client sent. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, `undefined` when there was none (or it was not JSON). */
  body: unknown;
  rawBody: string;
  /** The dialect the path belongs to. */
  provider: ProviderName;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
  /** Image inputs in the body (URLs, data URIs and base64 parts of every dialect). */
  imageCount: number;
}

export interface MockLlmOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
}

export interface MockLlm {
  /** Root URL, e.g. `http://127.0.0.1:41234` (OpenAI clients use `${url}/v1`). */
  url: string;
  port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
  /** Every request received so far, oldest first (clear with `requests.length = 0`). */
  requests: RecordedRequest[];
}

const RETRYABLE_WITH_DELAY = new Set([429, 503, 529]);

/**
 * Starts the deterministic OpenAI / Anthropic / Google compatible server.
 *
 * @example
 * ```ts
 * const mock = await startMockLlm();
 * const openai = new OpenAI({ apiKey: "test", baseURL: `${mock.url}/v1` });
 * const completion = await openai.chat.completions.create({
 *   model: "gpt-4o",
 *   messages: [{ role: "user", content: "Hello" }],
 * });
 * completion.choices[0]?.message.content; // "Mock reply to: Hello"
 * await mock.close();
 * ```
 */
export async function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlm> {
  const host = options.host ?? "127.0.0.1";
  const requests: RecordedRequest[] = [];
  const ids = new IdSequence();
  const server = createServer((request, response) => {
    void answer(request, response, requests, ids);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  requests: RecordedRequest[],
  ids: IdSequence,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://mock-llm.invalid");
  const method = request.method ?? "GET";
  const found = findRoute(method, url.pathname);
  const provider = found?.route.provider ?? guessProvider(url.pathname);
  const exchange: MockExchange = {
    request,
    response,
    url,
    body: undefined,
    behaviour: { retryAfterSeconds: 1, delayMs: 0, chunkDelayMs: 0, firstChunkDelayMs: 0 },
    ids,
    params: found?.params ?? [],
  };
  try {
    const { raw, json } = await readRequestBody(request);
    exchange.body = json;
    const images = countImageInputs(json);
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body: json,
      rawBody: raw,
      provider,
      receivedAt: Date.now(),
      imageCount: images.count,
    });
    if (!found) throw new MockRequestError(404, `mock-llm has no endpoint for ${method} ${url.pathname}`);
    if (images.invalid) throw new MockRequestError(400, `Invalid image input: ${images.invalid}`);
    response.setHeader("x-mock-image-count", String(images.count));
    const model = found.route.modelFromPath
      ? found.params[0]
      : asString(isJsonObject(json) ? json.model : undefined);
    exchange.behaviour = parseMockBehaviour(request.headers, model);
    // OpenRouter's own path: a client whose base URL is `<mock>/api/v1` gets OpenRouter's answers.
    if (url.pathname.startsWith("/api/v1/")) exchange.behaviour.openRouterHeader ??= "standard";
    const status = exchange.behaviour.errorStatus;
    if (status !== undefined) {
      await sendError(exchange, provider, status, forcedErrorMessage(status));
      return;
    }
    await found.route.handle(exchange);
  } catch (error) {
    const status = error instanceof MockRequestError ? error.status : 500;
    const message = error instanceof Error ? error.message : String(error);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    await sendError(exchange, provider, status, message).catch(() => response.destroy());
  }
}

async function sendError(exchange: MockExchange, provider: ProviderName, status: number, message: string) {
  const requestId = exchange.ids.next("req_mock");
  const headers: Record<string, string> =
    provider === "anthropic"
      ? { "request-id": requestId }
      : provider === "openai"
        ? { "x-request-id": requestId }
        : {};
  if (RETRYABLE_WITH_DELAY.has(status)) headers["retry-after"] = String(exchange.behaviour.retryAfterSeconds);
  const body =
    provider === "anthropic"
      ? toAnthropicError(status, message, requestId)
      : provider === "google"
        ? toGoogleError(status, message)
        : toOpenAIError(status, message);
  await sendJson(exchange, status, body, headers);
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}
