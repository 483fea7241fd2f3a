import { deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BodyError, readBody } from "./read-body.js";

const URL_ = "http://collector.test/v1/traces";
const payload = new TextEncoder().encode(JSON.stringify({ resourceSpans: [], note: "x".repeat(5000) }));

function post(body: RequestInit["body"], headers: Record<string, string> = {}): Request {
  return new Request(URL_, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/**
 * A body that produces `total` chunks on demand and counts how many were pulled. The server must
 * stop pulling once it knows the body is too large.
 */
function countingStream(chunk: Uint8Array, total: number) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (counter.pulled >= total) {
          controller.close();
          return;
        }
        counter.pulled += 1;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

/** Splits bytes into a stream of fixed-size chunks, counting pulls. */
function chunkedStream(bytes: Uint8Array, size: number) {
  const counter = { pulled: 0 };
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        counter.pulled += 1;
        controller.enqueue(bytes.slice(offset, offset + size));
        offset += size;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

async function bodyError(promise: Promise<unknown>): Promise<BodyError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BodyError);
  return error as BodyError;
}

describe("readBody", () => {
  it("returns an uncompressed body as is", async () => {
    expect(await readBody(post(payload), { maxBytes: 1 << 20 })).toEqual(payload);
  });

  it("treats Content-Encoding: identity like no encoding", async () => {
    expect(await readBody(post(payload, { "content-encoding": "identity" }), { maxBytes: 1 << 20 })).toEqual(
      payload,
    );
  });

  it("returns an empty array for a request without a body", async () => {
    expect(await readBody(new Request(URL_, { method: "POST" }), { maxBytes: 10 })).toEqual(
      new Uint8Array(0),
    );
  });

  it("decompresses gzip", async () => {
    const body = post(gzipSync(payload), { "content-encoding": "gzip" });
    expect(await readBody(body, { maxBytes: 1 << 20 })).toEqual(payload);
  });

  it("accepts the x-gzip alias and a mixed-case header value", async () => {
    expect(
      await readBody(post(gzipSync(payload), { "content-encoding": "X-GZIP" }), { maxBytes: 1 << 20 }),
    ).toEqual(payload);
  });

  it("decompresses zlib-wrapped deflate, the form RFC 9110 specifies", async () => {
    const body = post(deflateSync(payload), { "content-encoding": "deflate" });
    expect(await readBody(body, { maxBytes: 1 << 20 })).toEqual(payload);
  });

  it("decompresses raw deflate, which some clients send as deflate", async () => {
    const body = post(deflateRawSync(payload), { "content-encoding": "deflate" });
    expect(await readBody(body, { maxBytes: 1 << 20 })).toEqual(payload);
  });

  it("decompresses a gzip body that arrives in many small chunks", async () => {
    const { stream } = chunkedStream(gzipSync(payload), 7);
    expect(await readBody(post(stream, { "content-encoding": "gzip" }), { maxBytes: 1 << 20 })).toEqual(
      payload,
    );
  });

  it("detects raw deflate even when the first chunk holds a single byte", async () => {
    const { stream } = chunkedStream(deflateRawSync(payload), 1);
    expect(await readBody(post(stream, { "content-encoding": "deflate" }), { maxBytes: 1 << 20 })).toEqual(
      payload,
    );
  });

  it("refuses stacked codings with 415, since no exporter sends them", async () => {
    const body = post(gzipSync(deflateSync(payload)), { "content-encoding": "deflate, gzip" });
    const error = await bodyError(readBody(body, { maxBytes: 1 << 20 }));
    expect(error.status).toBe(415);
    expect(error.message).toMatch(/more than one coding/);
  });

  it("reads an empty compressed body as empty", async () => {
    expect(await readBody(post(new Uint8Array(0), { "content-encoding": "gzip" }), { maxBytes: 10 })).toEqual(
      new Uint8Array(0),
    );
  });

  it("refuses br with 415 and names the supported encodings", async () => {
    const error = await bodyError(
      readBody(post(payload, { "content-encoding": "br" }), { maxBytes: 1 << 20 }),
    );
    expect(error.status).toBe(415);
    expect(error.code).toBe("unsupported_encoding");
    expect(error.message).toMatch(/"br"/);
    expect(error.message).toMatch(/gzip or deflate/);
  });

  it("answers 413 with the limit in bytes and the advice to split the batch", async () => {
    const error = await bodyError(readBody(post(payload), { maxBytes: 1000 }));
    expect(error.status).toBe(413);
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toContain("1000 bytes");
    expect(error.message).toMatch(/split the batch/i);
  });

  it("accepts a body of exactly maxBytes", async () => {
    expect(await readBody(post(payload), { maxBytes: payload.length })).toHaveLength(payload.length);
  });

  it("stops pulling an oversized uncompressed stream right after the limit", async () => {
    const { stream, counter } = countingStream(new Uint8Array(1024), 100_000);
    const error = await bodyError(readBody(post(stream), { maxBytes: 10 * 1024 }));
    expect(error.status).toBe(413);
    // 10 chunks fit, the 11th crosses the limit; allow a little read-ahead, never the whole upload.
    expect(counter.pulled).toBeGreaterThanOrEqual(11);
    expect(counter.pulled).toBeLessThan(20);
  });

  it("stops decompressing a gzip bomb once the decompressed size passes the limit", async () => {
    // 16 concatenated gzip members of 64 MiB of zeros each: 1 GiB inflated from about 1 MiB on the
    // wire. The cap is 1 MiB, which about 1 KiB of input already produces.
    const member = gzipSync(new Uint8Array(64 * 1024 * 1024));
    const bomb = Buffer.concat(Array.from({ length: 16 }, () => member));
    const chunkSize = 4096;
    const { stream, counter } = chunkedStream(bomb, chunkSize);
    const error = await bodyError(
      readBody(post(stream, { "content-encoding": "gzip" }), { maxBytes: 1 << 20 }),
    );
    expect(error.status).toBe(413);
    // The stream stages read ahead by a few KiB (stream buffers), not the whole upload.
    expect(counter.pulled).toBeLessThan(Math.ceil(bomb.length / chunkSize) / 4);
  });

  it("refuses an uncompressed body whose Content-Length is over the limit without reading it", async () => {
    const { stream, counter } = countingStream(new Uint8Array(1024), 100);
    const request = post(stream, { "content-length": String(100 * 1024) });
    const error = await bodyError(readBody(request, { maxBytes: 1024 }));
    expect(error.status).toBe(413);
    expect(counter.pulled).toBe(0);
  });

  it("answers 400 for a body that is not gzip at all", async () => {
    const error = await bodyError(
      readBody(post(payload, { "content-encoding": "gzip" }), { maxBytes: 1 << 20 }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_compression");
    expect(error.message).toMatch(/Content-Encoding/);
  });

  it("answers 400 for a truncated gzip body", async () => {
    const gz = gzipSync(payload);
    const error = await bodyError(
      readBody(post(gz.subarray(0, gz.length - 12), { "content-encoding": "gzip" }), { maxBytes: 1 << 20 }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_compression");
  });

  it("answers 400 for a gzip body with a corrupted block", async () => {
    const gz = Buffer.from(gzipSync(payload));
    gz[gz.length >> 1] = (gz[gz.length >> 1] ?? 0) ^ 0xff;
    const error = await bodyError(readBody(post(gz, { "content-encoding": "gzip" }), { maxBytes: 1 << 20 }));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_compression");
  });
});
