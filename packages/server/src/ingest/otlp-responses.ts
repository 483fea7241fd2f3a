/**
 * Response bodies for OTLP/HTTP senders (SPEC §5.1, §5.2).
 *
 * OTLP exporters parse the answer in the encoding they sent. A protobuf exporter that gets JSON
 * back logs a decode error and loses the partial-success details. Every body is therefore built
 * for one {@link OtlpEncoding}, with the matching Content-Type.
 */
import { loadOtlpSchema } from "./decode-otlp-protobuf.js";

/** The two OTLP/HTTP encodings. */
export type OtlpEncoding = "protobuf" | "json";

/** A ready-to-send body and its Content-Type. */
export interface OtlpResponse {
  /** Protobuf bytes, or a JSON string. */
  body: Uint8Array | string;
  contentType: "application/x-protobuf" | "application/json";
}

/** Spans of the request that were not stored, reported as OTLP partial success. */
export interface RejectedSpans {
  count: number;
  /** What was wrong, and how to fix it. */
  message: string;
}

const CONTENT_TYPE = { protobuf: "application/x-protobuf", json: "application/json" } as const;

/**
 * The `ExportTraceServiceResponse` for a request that was stored. When spans were rejected it
 * carries `partial_success`, and the sender must not retry. Empty success is `{}`, or zero bytes in
 * protobuf.
 *
 * @example
 * exportSuccess("json", { count: 1, message: "span 0: spanId is all zero" })
 * // → { body: '{"partialSuccess":{"rejectedSpans":"1","errorMessage":"span 0: spanId is all zero"}}', contentType: "application/json" }
 */
export function exportSuccess(encoding: OtlpEncoding, rejected?: RejectedSpans): OtlpResponse {
  // A partial_success with 0 rejected spans and no message equals "not set" (OTLP spec), so we leave it out.
  const partialSuccess =
    rejected && (rejected.count > 0 || rejected.message !== "")
      ? { rejectedSpans: String(rejected.count), errorMessage: rejected.message }
      : undefined;
  const response = partialSuccess ? { partialSuccess } : {};
  if (encoding === "json") {
    // proto3 JSON writes int64 as a string, hence rejectedSpans: "<n>".
    return { body: JSON.stringify(response), contentType: CONTENT_TYPE.json };
  }
  const { exportResponse } = loadOtlpSchema();
  return {
    body: exportResponse.encode(exportResponse.fromObject(response)).finish(),
    contentType: CONTENT_TYPE.protobuf,
  };
}

/**
 * The gRPC status code closest to an HTTP status. It follows the HTTP mapping listed in
 * `google/rpc/code.proto`. For statuses that list does not cover, we use the code whose meaning
 * (and retry advice) is the same.
 *
 * @example
 * grpcCodeForHttpStatus(503) // → 14 (UNAVAILABLE)
 */
export function grpcCodeForHttpStatus(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return 3; // INVALID_ARGUMENT
    case 401:
      return 16; // UNAUTHENTICATED
    case 403:
      return 7; // PERMISSION_DENIED
    case 404:
      return 5; // NOT_FOUND
    case 409:
      return 10; // ABORTED
    case 413:
      // gRPC answers RESOURCE_EXHAUSTED to a message over its size limit. Our body cap is that limit.
      return 8;
    case 415:
      return 3; // INVALID_ARGUMENT: the type or encoding of the request is the problem
    case 429:
      return 8; // RESOURCE_EXHAUSTED
    case 501:
      return 12; // UNIMPLEMENTED
    case 502:
    case 503:
      return 14; // UNAVAILABLE: retryable
    case 504:
      return 4; // DEADLINE_EXCEEDED
    default:
      return httpStatus >= 500 ? 13 /* INTERNAL */ : 3 /* INVALID_ARGUMENT */;
  }
}

/**
 * An OTLP error body: a `google.rpc.Status {code, message}` in the request's encoding. `code` is the
 * gRPC code that matches `httpStatus`. The HTTP status itself stays on the response.
 *
 * @example
 * rpcStatus("json", 400, "The request body is not valid JSON")
 * // → { body: '{"code":3,"message":"The request body is not valid JSON"}', contentType: "application/json" }
 */
export function rpcStatus(encoding: OtlpEncoding, httpStatus: number, message: string): OtlpResponse {
  const status = { code: grpcCodeForHttpStatus(httpStatus), message };
  if (encoding === "json") return { body: JSON.stringify(status), contentType: CONTENT_TYPE.json };
  const { rpcStatus: statusType } = loadOtlpSchema();
  return {
    body: statusType.encode(statusType.fromObject(status)).finish(),
    contentType: CONTENT_TYPE.protobuf,
  };
}
