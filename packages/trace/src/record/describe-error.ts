/** W6: how a failure is recorded. */

/** SPEC W6: error messages are cut to this many characters. */
export const MAX_ERROR_MESSAGE_LENGTH = 2000;

/**
 * `error.type` = the HTTP status when the error carries a numeric `status` (provider SDK API
 * errors), else the error's class name; the message cut to 2,000 characters.
 *
 * @example describeError(new TypeError("boom")) // { type: "TypeError", message: "boom" }
 */
export function describeError(error: unknown): { type: string; message: string } {
  let type = "Error";
  let message: string;
  if (error instanceof Error || (typeof error === "object" && error !== null)) {
    const record = error as { status?: unknown; name?: unknown; message?: unknown; constructor?: unknown };
    const className =
      typeof record.constructor === "function" &&
      record.constructor.name &&
      record.constructor.name !== "Object"
        ? record.constructor.name
        : typeof record.name === "string"
          ? record.name
          : undefined;
    if (typeof record.status === "number" && Number.isFinite(record.status)) type = String(record.status);
    else if (className) type = className;
    message = typeof record.message === "string" ? record.message : safeString(error);
  } else {
    message = safeString(error);
  }
  if (message.length > MAX_ERROR_MESSAGE_LENGTH) message = message.slice(0, MAX_ERROR_MESSAGE_LENGTH);
  return { type, message };
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "unknown error";
  }
}
