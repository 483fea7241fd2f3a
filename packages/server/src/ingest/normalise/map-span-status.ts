/**
 * Span status and error details (SPEC §5.2, §6.2 "status / error" row).
 */
import type { SpanRecord } from "../../domain/span-record.js";
import { EXCEPTION_EVENT, OTEL_KEYS } from "./attribute-keys.js";
import type { AttributeReader } from "./attribute-reader.js";
import { toText } from "./coerce-attribute-value.js";

const OTLP_STATUS_ERROR = 2;

/**
 * Status code 2 is an error; the message comes from `status.message`, else the `exception`
 * event; the type from `error.type`, else the exception's type. An OK span carries no error
 * fields even if it recorded a handled exception.
 *
 * @example
 * mapSpanStatus(read) // { status: "ERROR", error_type: "RateLimitError", error_message: "429 …" }
 */
export function mapSpanStatus(
  read: AttributeReader,
): Pick<SpanRecord, "status" | "error_type" | "error_message"> {
  if (read.span.status.code !== OTLP_STATUS_ERROR)
    return { status: "OK", error_type: null, error_message: null };
  const exception = read.span.events.find((event) => event.name === EXCEPTION_EVENT.name);
  return {
    status: "ERROR",
    error_type: read.text(OTEL_KEYS.errorType) ?? toText(exception?.attributes[EXCEPTION_EVENT.type]) ?? null,
    error_message:
      toText(read.span.status.message) ?? toText(exception?.attributes[EXCEPTION_EVENT.message]) ?? null,
  };
}
