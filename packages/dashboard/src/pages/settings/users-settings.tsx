/** `/settings/users` (admin): accounts, their roles, creating a user with an initial password. */
import { type FormEvent, useState } from "react";
import type { Role, User } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { useApiMutation } from "../../api/use-api-mutation.js";
import { useSession } from "../../app/session-context.js";
import { MutationError } from "../../components/mutation-error.js";
import { ErrorState, Loading } from "../../components/states.js";
import { formatFullTime } from "../../format/format-time.js";

const ROLES: Array<{ value: Role; label: string }> = [
  { value: "admin", label: "Admin — everything, including keys and users" },
  { value: "member", label: "Member — read, and edit prices and configs" },
  { value: "viewer", label: "Viewer — read only" },
];

export function UsersSettings() {
  const { isAdmin, me } = useSession();
  const users = useApi<{ data: User[] }>(isAdmin ? "/api/v1/users" : null);
  const [form, setForm] = useState({ email: "", name: "", password: "", role: "member" as Role });
  const create = useApiMutation(
    (body: typeof form) => ({ path: "/api/v1/users", method: "POST", body }),
    ["/api/v1/users"],
  );
  const update = useApiMutation(
    ({ id, role }: { id: string; role: Role }) => ({
      path: `/api/v1/users/${encodeURIComponent(id)}`,
      method: "PATCH",
      body: { role },
    }),
    ["/api/v1/users"],
  );
  const remove = useApiMutation(
    (id: string) => ({ path: `/api/v1/users/${encodeURIComponent(id)}`, method: "DELETE" }),
    ["/api/v1/users"],
  );
  if (!isAdmin) return <p>Only admins manage users.</p>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form, { onSuccess: () => setForm({ email: "", name: "", password: "", role: "member" }) });
  };
  return (
    <>
      <form className="card form" onSubmit={submit}>
        <h2>Add a user</h2>
        <p className="muted">Give them the initial password yourself; they can change it after logging in.</p>
        <div className="form-grid">
          <label className="field">
            <span>Email</span>
            <input
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Name</span>
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          <label className="field">
            <span>Initial password</span>
            <input
              type="password"
              autoComplete="new-password"
              required
              minLength={10}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Role</span>
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLES.map((role) => (
                <option key={role.value} value={role.value}>
                  {role.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create user
        </button>
        <MutationError error={create.error} />
      </form>
      <section className="card">
        <h2>Users</h2>
        {users.isPending ? (
          <Loading />
        ) : users.error ? (
          <ErrorState error={users.error} onRetry={() => users.refetch()} />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.data.map((user) => (
                  <tr key={user.id} data-user={user.email}>
                    <td>{user.email}</td>
                    <td>{user.name || "—"}</td>
                    <td>
                      <select
                        aria-label={`Role of ${user.email}`}
                        value={user.role}
                        disabled={update.isPending}
                        onChange={(e) => update.mutate({ id: user.id, role: e.target.value as Role })}
                      >
                        {ROLES.map((role) => (
                          <option key={role.value} value={role.value}>
                            {role.value}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>{formatFullTime(user.created_at)}</td>
                    <td>
                      {user.id === me.user.id ? (
                        <span className="muted">you</span>
                      ) : (
                        <button
                          type="button"
                          className="button button-small button-danger"
                          onClick={() => {
                            if (window.confirm(`Delete the account ${user.email}?`)) remove.mutate(user.id);
                          }}
                        >
                          Delete
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <MutationError error={update.error ?? remove.error} />
      </section>
    </>
  );
}
