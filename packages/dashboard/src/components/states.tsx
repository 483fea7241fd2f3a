/**
 * Loading, error and empty states shared by every page, so each one looks and reads the same.
 */
import type { ReactNode } from "react";
import { ApiRequestError } from "../api/api-fetch.js";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** Shows the server's own message (it says what to do) and a retry button when given one. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message =
    error instanceof ApiRequestError || error instanceof Error ? error.message : "Something went wrong.";
  const forbidden = error instanceof ApiRequestError && error.status === 403;
  return (
    <div className="state state-error" role="alert">
      <strong>{forbidden ? "Not allowed" : "Could not load this"}</strong>
      <span>{message}</span>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children}
    </div>
  );
}
