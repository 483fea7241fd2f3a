/**
 * OTLP/HTTP protobuf → {@link DecodedOtlpRequest} (SPEC §5.2).
 *
 * This module handles only the wire format: protobufjs decodes the bytes over the vendored schema,
 * and `decode-otlp-message.ts` reads the spans from the message with the validation the JSON path
 * uses (`toRawSpan`: id checks, int64 parsing, per-span rejection). {@link protobufToOtlpObject}
 * gives the same request as the plain object an OTLP/JSON sender would have posted.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Type } from "protobufjs";
import protobuf from "protobufjs";
import { convertOtlpMessage } from "./decode-otlp-message.js";
import type { DecodedOtlpRequest } from "./raw-span.js";

/**
 * The body is not a decodable `ExportTraceServiceRequest`. The HTTP layer answers 400 with a
 * `google.rpc.Status`. The sender must not retry, because the same bytes will fail again.
 *
 * @example
 * try { decodeOtlpProtobuf(bytes) } catch (e) { if (e instanceof OtlpDecodeError) return badRequest(e.message) }
 */
export class OtlpDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OtlpDecodeError";
  }
}

/** The protobuf message types the collector reads and writes. */
export interface OtlpSchema {
  exportRequest: Type;
  exportResponse: Type;
  rpcStatus: Type;
}

/**
 * `src/ingest/` (vitest, tsx) and `dist/ingest/` (compiled) are both two levels below the package
 * root, so one relative URL finds the vendored folder in either layout.
 */
const VENDOR_DIR = fileURLToPath(new URL("../../vendor/opentelemetry-proto/", import.meta.url));

let schema: OtlpSchema | undefined;

/**
 * Parses the vendored `.proto` files on first use and caches the result.
 *
 * The parse takes a few milliseconds, and servers that only receive JSON never need it. A missing
 * vendor folder is a packaging bug. It throws a plain `Error`, which becomes a 500, and never an
 * {@link OtlpDecodeError}.
 *
 * @example
 * const bytes = loadOtlpSchema().exportResponse.encode({}).finish();
 */
export function loadOtlpSchema(): OtlpSchema {
  if (schema) return schema;
  const root = new protobuf.Root();
  // Imports inside the .proto files ("opentelemetry/proto/common/v1/common.proto") are relative to
  // the include root. They are not relative to the importing file, which protobufjs assumes by default.
  root.resolvePath = (_origin, target) => join(VENDOR_DIR, target);
  root.loadSync(["opentelemetry/proto/collector/trace/v1/trace_service.proto", "google/rpc/status.proto"]);
  root.resolveAll();
  schema = {
    exportRequest: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest"),
    exportResponse: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse"),
    rpcStatus: root.lookupType("google.rpc.Status"),
  };
  return schema;
}

/** The fields that hold ids: bytes on the wire, hex strings in OTLP/JSON. */
interface PlainIds {
  traceId?: unknown;
  spanId?: unknown;
  parentSpanId?: unknown;
}

interface PlainRequest {
  resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<PlainIds & { links?: PlainIds[] }> }> }>;
}

/** protobufjs renders every bytes field as base64. OTLP/JSON writes ids as hex (OTLP spec, JSON encoding). */
function idsToHex(holder: PlainIds): void {
  for (const key of ["traceId", "spanId", "parentSpanId"] as const) {
    const value = holder[key];
    if (typeof value === "string") holder[key] = Buffer.from(value, "base64").toString("hex");
  }
}

/**
 * Decodes an `ExportTraceServiceRequest` into the object an OTLP/JSON sender would have posted. Keys
 * are camelCase. `traceId`, `spanId` and `parentSpanId` (also in links) are lowercase hex. int64 and
 * fixed64 values (`intValue`, `*UnixNano`) are decimal strings, so they stay lossless. `bytesValue`
 * is base64. Enums are numbers. Fields left at their default are absent, as in most JSON senders.
 * Unknown fields are skipped (SPEC §5.2).
 *
 * @throws {OtlpDecodeError} when the bytes are not a valid protobuf message of that type.
 * @example
 * protobufToOtlpObject(body) // → { resourceSpans: [{ resource: {…}, scopeSpans: [{ spans: [{ traceId: "5b8e…", … }] }] }] }
 */
export function protobufToOtlpObject(buf: Uint8Array): Record<string, unknown> {
  const { exportRequest } = loadOtlpSchema();
  let plain: Record<string, unknown>;
  try {
    const message = exportRequest.decode(buf);
    plain = exportRequest.toObject(message, { longs: String, enums: Number, bytes: String });
  } catch (error) {
    throw notAnExportRequest(error);
  }
  for (const resourceSpans of (plain as PlainRequest).resourceSpans ?? []) {
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        idsToHex(span);
        for (const link of span.links ?? []) idsToHex(link);
      }
    }
  }
  return plain;
}

/**
 * Decodes an OTLP/HTTP protobuf body into raw spans. Spans with a bad id or timestamp are listed in
 * `rejected`, and the other spans are kept (partial success, SPEC §5.2). The spans are read from
 * the decoded message directly (`decode-otlp-message.ts`), with the JSON path's validation.
 *
 * @throws {OtlpDecodeError} when the body is not a valid protobuf `ExportTraceServiceRequest`.
 * @example
 * const { spans, rejected } = decodeOtlpProtobuf(await readBody(request, { maxBytes }));
 */
export function decodeOtlpProtobuf(buf: Uint8Array): DecodedOtlpRequest {
  const { exportRequest } = loadOtlpSchema();
  try {
    return convertOtlpMessage(exportRequest.decode(buf) as unknown as Record<string, unknown>);
  } catch (error) {
    throw notAnExportRequest(error);
  }
}

/** protobufjs reports truncation and bad wire types as plain Error/RangeError; deep nesting overflows the stack. */
function notAnExportRequest(error: unknown): OtlpDecodeError {
  const reason = error instanceof Error ? error.message : String(error);
  return new OtlpDecodeError(
    `The request body is not a valid OTLP ExportTraceServiceRequest protobuf message: ${reason}. ` +
      "Send the serialised opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest with " +
      "Content-Type: application/x-protobuf, or OTLP/JSON with Content-Type: application/json.",
    { cause: error },
  );
}
