/**
 * The client's address, for the login rate limit. The socket's peer, except when that peer is
 * the loopback interface (a reverse proxy on the same machine, the recommended deployment): then
 * the last `X-Forwarded-For` entry, which that proxy appended. A client that reaches the server
 * directly cannot choose its address this way unless it already runs on the machine.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

const isLoopback = (address: string): boolean =>
  address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");

export function clientAddress(c: Context): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    // In-process requests (app.request in tests) have no socket.
  }
  if (peer === undefined || isLoopback(peer)) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return peer ?? "unknown";
}
