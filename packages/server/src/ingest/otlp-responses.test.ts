import { describe, expect, it } from "vitest";
import { loadOtlpSchema } from "./decode-otlp-protobuf.js";
import { exportSuccess, grpcCodeForHttpStatus, rpcStatus } from "./otlp-responses.js";

/** Decodes our own protobuf output with the same schema an OTLP exporter uses. */
function decodeResponse(body: Uint8Array | string) {
  if (typeof body === "string") throw new Error("expected protobuf bytes");
  const { exportResponse } = loadOtlpSchema();
  return exportResponse.toObject(exportResponse.decode(body), { longs: String });
}

function decodeStatus(body: Uint8Array | string) {
  if (typeof body === "string") throw new Error("expected protobuf bytes");
  const { rpcStatus: status } = loadOtlpSchema();
  return status.toObject(status.decode(body), { longs: String });
}

describe("exportSuccess", () => {
  it("answers a fully accepted JSON request with {}", () => {
    expect(exportSuccess("json")).toEqual({ body: "{}", contentType: "application/json" });
  });

  it("answers a fully accepted protobuf request with an empty ExportTraceServiceResponse", () => {
    const { body, contentType } = exportSuccess("protobuf");
    expect(contentType).toBe("application/x-protobuf");
    expect(body).toBeInstanceOf(Uint8Array);
    expect((body as Uint8Array).byteLength).toBe(0);
  });

  it("reports rejected spans in JSON with rejectedSpans as an int64 string", () => {
    const { body } = exportSuccess("json", { count: 2, message: "span 1: spanId is all zeros" });
    expect(JSON.parse(body as string)).toEqual({
      partialSuccess: { rejectedSpans: "2", errorMessage: "span 1: spanId is all zeros" },
    });
  });

  it("reports rejected spans in protobuf as partial_success, readable by the OTLP schema", () => {
    const { body, contentType } = exportSuccess("protobuf", { count: 3, message: "3 span(s) rejected" });
    expect(contentType).toBe("application/x-protobuf");
    expect(decodeResponse(body)).toEqual({
      partialSuccess: { rejectedSpans: "3", errorMessage: "3 span(s) rejected" },
    });
  });

  it("omits an empty partial success, which OTLP defines as equal to full success", () => {
    expect(exportSuccess("json", { count: 0, message: "" }).body).toBe("{}");
  });
});

describe("rpcStatus", () => {
  it("encodes a google.rpc.Status as JSON", () => {
    const { body, contentType } = rpcStatus("json", 400, "The request body is not valid JSON.");
    expect(contentType).toBe("application/json");
    expect(JSON.parse(body as string)).toEqual({ code: 3, message: "The request body is not valid JSON." });
  });

  it("encodes a google.rpc.Status as protobuf that decodes back to the same code and message", () => {
    const { body, contentType } = rpcStatus("protobuf", 503, "Busy; retry after the delay.");
    expect(contentType).toBe("application/x-protobuf");
    expect(decodeStatus(body)).toEqual({ code: 14, message: "Busy; retry after the delay." });
  });

  it("keeps non-ASCII text intact in protobuf", () => {
    const message = "Größe über dem Limit — split the batch";
    expect(decodeStatus(rpcStatus("protobuf", 413, message).body)).toEqual({ code: 8, message });
  });
});

describe("grpcCodeForHttpStatus", () => {
  it.each([
    [400, 3],
    [401, 16],
    [403, 7],
    [404, 5],
    [413, 8],
    [415, 3],
    [429, 8],
    [500, 13],
    [502, 14],
    [503, 14],
    [504, 4],
    [418, 3],
    [599, 13],
  ])("maps HTTP %i to gRPC code %i", (httpStatus, grpcCode) => {
    expect(grpcCodeForHttpStatus(httpStatus)).toBe(grpcCode);
  });
});
