/**
 * `/setup?token=…`: creates the first admin with the one-time token the server printed at its
 * first start, then logs them in.
 */
import { useState } from "react";
import { useAuthSubmit } from "./use-auth-submit.js";

export function SetupPage() {
  const { error, busy, submit } = useAuthSubmit({
    path: "/api/auth/setup",
    expectedError: {
      code: "invalid_setup_token",
      message:
        "This setup link is not valid (it works once). Log in instead, or restart the server with FALLOM_ADMIN_EMAIL and FALLOM_ADMIN_PASSWORD.",
    },
    fallbackError: "Setup failed.",
  });
  const token = new URLSearchParams(window.location.search).get("token") ?? "";
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  return (
    <div className="auth-page">
      <form
        className="auth-card"
        onSubmit={(event) =>
          submit(event, { token, email, password, ...(name ? { name } : {}) }, () => "/observability/traces")
        }
        aria-labelledby="setup-title"
      >
        <h1 id="setup-title">Create the first admin</h1>
        {!token ? (
          <p className="form-error" role="alert">
            This page needs the setup link the server printed at its first start (<code>/setup?token=…</code>
            ).
          </p>
        ) : (
          <p className="muted">This account can create users, projects and API keys.</p>
        )}
        <label className="field">
          <span>Name</span>
          <input name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy || !token}>
          {busy ? "Creating…" : "Create account"}
        </button>
      </form>
    </div>
  );
}
