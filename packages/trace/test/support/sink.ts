/**
 * A local OTLP sink for exporter tests: records every request (headers and the gunzipped body
 * bytes) and answers with whatever the test's responder returns.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export interface SinkRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The request body, gunzipped when it was gzip-encoded. */
  body: Buffer;
}

export interface SinkResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface Sink {
  url: string;
  requests: SinkRequest[];
  /** Decides each answer; default 200 with an empty body. */
  respond: (request: SinkRequest, index: number) => SinkResponse;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const requests: SinkRequest[] = [];
  const sink: Sink = {
    url: "",
    requests,
    respond: () => ({ status: 200 }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const raw = Buffer.concat(parts);
      const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
      const request = { path: req.url ?? "", headers: req.headers, body };
      requests.push(request);
      const answer = sink.respond(request, requests.length - 1);
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sink;
}

/** Counts how many times `text` occurs in the bytes (protobuf stores strings as raw UTF-8). */
export function countOccurrences(body: Buffer, text: string): number {
  let count = 0;
  let from = 0;
  for (;;) {
    const at = body.indexOf(text, from);
    if (at < 0) return count;
    count++;
    from = at + 1;
  }
}
