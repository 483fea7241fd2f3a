/** The server's validation messages of a failed save, by field (see parse-field-errors). */
import { useMemo } from "react";
import { ApiRequestError } from "../../api/api-fetch.js";
import { type FieldErrors, parseFieldErrors } from "../../components/experiments/parse-field-errors.js";

export function useFieldErrors(error: Error | null): FieldErrors {
  return useMemo(
    () =>
      error instanceof ApiRequestError && error.status === 400
        ? parseFieldErrors(error.message)
        : parseFieldErrors(error ? error.message : null),
    [error],
  );
}
