/**
 * `/login`: email + password. On success the server sets the session cookie; we go back to
 * where the user was headed (`?next=`, same-origin paths only).
 */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "../../api/api-fetch.js";
import { useAuthSubmit } from "./use-auth-submit.js";

/** Only local paths, so a crafted `?next=https://evil` link cannot bounce users away. */
export function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/observability/traces";
}

export function LoginPage() {
  const { error, busy, submit } = useAuthSubmit({
    path: "/api/auth/login",
    expectedError: { code: "invalid_credentials", message: "Wrong email or password." },
    fallbackError: "Login failed.",
  });
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const state = useQuery({
    queryKey: ["auth", "state"],
    queryFn: () => apiFetch<{ needs_setup: boolean }>("/api/auth/state"),
    retry: false,
  });

  return (
    <div className="auth-page">
      <form
        className="auth-card"
        onSubmit={(event) =>
          submit(event, { email, password }, () =>
            safeNext(new URLSearchParams(window.location.search).get("next")),
          )
        }
        aria-labelledby="login-title"
      >
        <div className="brand auth-brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          Fallom
        </div>
        <h1 id="login-title">Log in</h1>
        {state.data?.needs_setup ? (
          <p className="notice" role="status">
            No account exists yet. Open the one-time setup link the server printed at its first start (
            <code>…/setup?token=…</code>), or start it with <code>FALLOM_ADMIN_EMAIL</code> and{" "}
            <code>FALLOM_ADMIN_PASSWORD</code>.
          </p>
        ) : null}
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </form>
    </div>
  );
}
