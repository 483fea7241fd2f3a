/**
 * `POST /v1/traces` (OTLP protobuf, OTLP JSON, native TraceData) and legacy `POST /spans`
 * (SPEC §5.2, §5.6). Status codes and bodies follow the SPEC table exactly, because deployed
 * exporters decide whether to retry from them.
 */
import { Hono } from "hono";
import type { NormalisedSpan } from "../../domain/span-record.js";
import { convertOtlpRequest, OtlpFormatError } from "../../ingest/decode-otlp-json.js";
import { decodeOtlpProtobuf, OtlpDecodeError } from "../../ingest/decode-otlp-protobuf.js";
import { classifyJson, detectBodyFormat } from "../../ingest/detect-body-format.js";
import { normaliseOtlpSpan } from "../../ingest/normalise/normalise-otlp-span.js";
import { normaliseTraceData, validateTraceData } from "../../ingest/normalise/normalise-trace-data.js";
import { exportSuccess, rpcStatus } from "../../ingest/otlp-responses.js";
import type { RawSpan } from "../../ingest/raw-span.js";
import { BodyError, readBody } from "../../ingest/read-body.js";
import { ApiError } from "../api-error.js";
import type { AppEnv } from "../app-env.js";
import { parseFallomHeaders } from "../parse-fallom-headers.js";

type Encoding = "protobuf" | "json";

interface Rejection {
  count: number;
  messages: string[];
}

function describeRejections(rejection: Rejection): string {
  const shown = rejection.messages.slice(0, 5).join("; ");
  const more = rejection.messages.length > 5 ? ` (and ${rejection.messages.length - 5} more)` : "";
  return `${rejection.count} span(s) rejected: ${shown}${more}`;
}

function otlpError(
  status: number,
  message: string,
  encoding: Encoding,
  headers: Record<string, string> = {},
) {
  const { body, contentType } = rpcStatus(encoding, status, message);
  return new Response(body, { status, headers: { "content-type": contentType, ...headers } });
}

function jsonError(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return Response.json({ error: message, code }, { status, headers });
}

function normaliseEach<T>(
  items: T[],
  normalise: (item: T) => NormalisedSpan,
  rejection: Rejection,
  describe: (item: T, index: number) => string,
): NormalisedSpan[] {
  const out: NormalisedSpan[] = [];
  items.forEach((item, index) => {
    try {
      out.push(normalise(item));
    } catch (error) {
      rejection.count += 1;
      rejection.messages.push(`${describe(item, index)}: ${(error as Error).message}`);
    }
  });
  return out;
}

export function ingestRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/v1/traces", async (c) => {
    const services = c.get("services");
    const contentType = c.req.header("content-type") ?? null;
    const declared: Encoding = /protobuf/i.test(contentType ?? "") ? "protobuf" : "json";
    const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      declared === "protobuf"
        ? otlpError(status, message, "protobuf", headers)
        : jsonError(status, code, message, headers);

    const project = await services.authenticate(c.req.header("authorization"));
    if (!project) {
      return fail(
        401,
        "unauthorized",
        "Missing, unknown or revoked API key. Send it as `Authorization: Bearer flm_…`.",
      );
    }
    if (services.writer.isOverloaded()) {
      return fail(503, "overloaded", "The server is busy writing earlier batches; retry after the delay.", {
        "retry-after": "2",
      });
    }

    let bytes: Uint8Array;
    try {
      bytes = await readBody(c.req.raw, { maxBytes: services.config.maxBodyBytes });
    } catch (error) {
      if (error instanceof BodyError) return fail(error.status, error.code, error.message);
      throw error;
    }
    const format = detectBodyFormat(contentType, bytes);
    if (format === null) {
      return jsonError(
        415,
        "unsupported_media_type",
        `Unsupported Content-Type "${contentType}". Send application/x-protobuf (OTLP) or application/json (OTLP JSON or native TraceData).`,
      );
    }
    const headers = parseFallomHeaders((name) => c.req.header(name));
    const rejection: Rejection = { count: 0, messages: [] };
    let spans: NormalisedSpan[];
    let encoding: Encoding;
    let native = false;

    if (format === "protobuf") {
      encoding = "protobuf";
      let decoded: ReturnType<typeof decodeOtlpProtobuf>;
      try {
        decoded = decodeOtlpProtobuf(bytes);
      } catch (error) {
        if (error instanceof OtlpDecodeError || error instanceof OtlpFormatError) {
          return otlpError(400, error.message, "protobuf");
        }
        throw error;
      }
      for (const r of decoded.rejected) {
        rejection.count += 1;
        rejection.messages.push(r.reason);
      }
      spans = normaliseEach(
        decoded.spans,
        (span) => normaliseOtlpSpan(span, headers),
        rejection,
        describeSpan,
      );
    } else {
      encoding = "json";
      let value: unknown;
      try {
        value = JSON.parse(new TextDecoder().decode(bytes));
      } catch (error) {
        return jsonError(
          400,
          "invalid_json",
          `The request body is not valid JSON: ${(error as Error).message}.`,
        );
      }
      const kind = classifyJson(value);
      if (kind === "otlp") {
        let decoded: ReturnType<typeof convertOtlpRequest>;
        try {
          decoded = convertOtlpRequest(value);
        } catch (error) {
          if (error instanceof OtlpFormatError) return otlpError(400, error.message, "json");
          throw error;
        }
        for (const r of decoded.rejected) {
          rejection.count += 1;
          rejection.messages.push(r.reason);
        }
        spans = normaliseEach(
          decoded.spans,
          (span) => normaliseOtlpSpan(span, headers),
          rejection,
          describeSpan,
        );
      } else if (kind === "native") {
        native = true;
        const items = Array.isArray(value) ? value : [value];
        const valid: NonNullable<Extract<ReturnType<typeof validateTraceData>, { ok: true }>["value"]>[] = [];
        for (const [index, item] of items.entries()) {
          const checked = validateTraceData(item);
          if (checked.ok) valid.push(checked.value);
          else if (!Array.isArray(value)) {
            return jsonError(400, "invalid_trace_data", `Invalid TraceData: ${checked.reason}.`);
          } else {
            rejection.count += 1;
            rejection.messages.push(`element ${index}: ${checked.reason}`);
          }
        }
        spans = normaliseEach(
          valid,
          (item) => normaliseTraceData(item, headers),
          rejection,
          (item, index) => `element ${index} (span_id ${String(item.span_id ?? "?")})`,
        );
      } else {
        return jsonError(
          400,
          "unknown_json_body",
          "The JSON body is neither an OTLP ExportTraceServiceRequest (with resourceSpans) nor a native TraceData object (with config_key and session_id).",
        );
      }
    }

    // Checked again after decoding: requests that arrived together all passed the first check.
    if (services.writer.isOverloaded()) {
      const message = "The server is busy writing earlier batches; retry after the delay.";
      return native
        ? jsonError(503, "overloaded", message, { "retry-after": "2" })
        : otlpError(503, message, encoding, { "retry-after": "2" });
    }
    try {
      await services.ingest(project, spans);
    } catch (error) {
      // Nothing was acknowledged and writes are idempotent, so the sender can safely retry;
      // a database that is down or restarting is the usual cause (SPEC §5.2: 503 + Retry-After).
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(
              503,
              "storage_unavailable",
              "The spans could not be stored right now; retry after the delay.",
              {
                "retry-after": "5",
              },
            );
      if (!(error instanceof ApiError))
        services.log(`[fallom] ingest write failed: ${(error as Error).stack ?? error}`);
      return native
        ? jsonError(apiError.status, apiError.code, apiError.message, apiError.headers)
        : otlpError(apiError.status, apiError.message, encoding, apiError.headers);
    }

    const rejected =
      rejection.count > 0 ? { count: rejection.count, message: describeRejections(rejection) } : undefined;
    if (native) {
      return rejected
        ? Response.json({
            partialSuccess: { rejectedSpans: String(rejected.count), errorMessage: rejected.message },
          })
        : Response.json({});
    }
    const { body, contentType: responseType } = exportSuccess(encoding, rejected);
    return new Response(body, { status: 200, headers: { "content-type": responseType } });
  });

  app.post("/spans", async (c) => {
    const services = c.get("services");
    const project = await services.authenticate(c.req.header("authorization"));
    if (!project) {
      throw new ApiError(
        401,
        "unauthorized",
        "Missing, unknown or revoked API key. Send `Authorization: Bearer flm_…`.",
      );
    }
    const body = await c.req.json().catch(() => {
      throw new ApiError(400, "invalid_json", "The request body must be a JSON object.");
    });
    const problem = checkCustomMetrics(body);
    if (problem) throw new ApiError(400, "invalid_custom_metrics", problem);
    const { config_key, session_id, data } = body as {
      config_key: string;
      session_id: string;
      data: Record<string, number | string | boolean>;
    };
    await services.saveCustomMetrics(project.id, config_key, session_id, data);
    return c.json({});
  });

  return app;
}

function describeSpan(span: RawSpan): string {
  return `span ${span.spanId} "${span.name}"`;
}

function checkCustomMetrics(body: unknown): string | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return 'The body must be a JSON object {"config_key", "session_id", "data": {…}}.';
  }
  const { config_key, session_id, data } = body as Record<string, unknown>;
  if (typeof config_key !== "string" || config_key === "")
    return "config_key is required (a non-empty string).";
  if (typeof session_id !== "string" || session_id === "")
    return "session_id is required (a non-empty string).";
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return "data is required: an object of field → number, string or boolean.";
  }
  for (const [field, value] of Object.entries(data)) {
    if (!["number", "string", "boolean"].includes(typeof value)) {
      return `data.${field} must be a number, string or boolean.`;
    }
  }
  return null;
}
