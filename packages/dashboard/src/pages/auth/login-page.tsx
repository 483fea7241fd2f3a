/**
 * `/login`: email + password. On success the server sets the session cookie; we go back to
 * where the user was headed (`?next=`, same-origin paths only).
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiRequestError, apiFetch, setCsrfToken } from "../../api/api-fetch.js";
import type { Me } from "../../api/types.js";
import { ME_QUERY_KEY } from "../../app/auth-gate.js";
import { navigate } from "../../router/navigation.js";

/** Only local paths, so a crafted `?next=https://evil` link cannot bounce users away. */
export function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/observability/traces";
}

export function LoginPage() {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const state = useQuery({
    queryKey: ["auth", "state"],
    queryFn: () => apiFetch<{ needs_setup: boolean }>("/api/auth/state"),
    retry: false,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await apiFetch<Me>("/api/auth/login", { method: "POST", body: { email, password } });
      setCsrfToken(me.csrf_token);
      queryClient.setQueryData(ME_QUERY_KEY, me);
      navigate(safeNext(new URLSearchParams(window.location.search).get("next")), { replace: true });
    } catch (caught) {
      setError(
        caught instanceof ApiRequestError && caught.code === "invalid_credentials"
          ? "Wrong email or password."
          : caught instanceof Error
            ? caught.message
            : "Login failed.",
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="login-title">
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
