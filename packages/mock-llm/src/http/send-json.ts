import type { MockExchange } from "./mock-exchange.js";
import { sleep } from "./sleep.js";

/**
 * Answers with a JSON body after the `x-mock-delay-ms` delay. A successful answer to a request that
 * asked for `x-mock-disconnect-after-chunks` is replaced by a destroyed socket (a network error).
 *
 * @example
 * ```ts
 * await sendJson(exchange, 200, { object: "list", data: [] });
 * ```
 */
export async function sendJson(
  exchange: MockExchange,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<void> {
  const { response, behaviour } = exchange;
  await sleep(behaviour.delayMs);
  if (response.destroyed) return;
  if (status < 400 && behaviour.disconnectAfterChunks !== undefined) {
    response.socket?.destroy();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
