/**
 * `/settings/api-keys`: the project's keys (name, prefix, last used, revoked), create (the key is
 * shown once) and revoke. Admins only; others see why.
 */
import { type FormEvent, useState } from "react";
import type { ApiKey } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { useApiMutation } from "../../api/use-api-mutation.js";
import { useSession } from "../../app/session-context.js";
import { CopyButton } from "../../components/copy-button.js";
import { MutationError } from "../../components/mutation-error.js";
import { ErrorState, Loading } from "../../components/states.js";
import { formatAgo, formatFullTime } from "../../format/format-time.js";

export function ApiKeysSettings() {
  const { isAdmin } = useSession();
  const keys = useApi<{ data: ApiKey[] }>(isAdmin ? "/api/v1/keys" : null);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  const create = useApiMutation<{ name: string }, ApiKey & { key: string }>(
    (body) => ({ path: "/api/v1/keys", method: "POST", body }),
    ["/api/v1/keys"],
  );
  const revoke = useApiMutation<string>(
    (id) => ({ path: `/api/v1/keys/${encodeURIComponent(id)}`, method: "DELETE" }),
    ["/api/v1/keys"],
  );

  if (!isAdmin) {
    return (
      <section className="card">
        <h2>API keys</h2>
        <p>Only project admins can see, create and revoke API keys. Ask an admin for a key to send traces.</p>
      </section>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name },
      {
        onSuccess: (key) => {
          setCreated(key);
          setName("");
        },
      },
    );
  };
  return (
    <>
      <form className="card form form-inline" onSubmit={submit}>
        <h2>Create an API key</h2>
        <label className="field">
          <span>Key name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
            placeholder="e.g. production"
          />
        </label>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create key
        </button>
        <MutationError error={create.error} />
      </form>
      {created ? (
        <div className="notice notice-success" role="status" data-testid="new-key">
          <p>
            <strong>Key "{created.name}" created.</strong> Copy it now: it is shown only this once.
          </p>
          <p className="key-row">
            <code className="secret">{created.key}</code> <CopyButton text={() => created.key} />
          </p>
          <button type="button" className="button button-ghost" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      ) : null}
      <section className="card">
        <h2>Keys</h2>
        {keys.isPending ? (
          <Loading />
        ) : keys.error ? (
          <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="keys-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.data.map((key) => (
                  <tr key={key.id} data-key-id={key.id}>
                    <td>{key.name}</td>
                    <td>
                      <code>{key.display_prefix}…</code>
                    </td>
                    <td title={formatFullTime(key.created_at)}>{formatAgo(key.created_at)}</td>
                    <td title={formatFullTime(key.last_used_at)}>{formatAgo(key.last_used_at)}</td>
                    <td>
                      {key.revoked_at ? (
                        <span className="badge badge-error">revoked</span>
                      ) : (
                        <span className="badge badge-ok">active</span>
                      )}
                    </td>
                    <td>
                      {key.revoked_at ? null : (
                        <button
                          type="button"
                          className="button button-danger"
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (
                              window.confirm(
                                `Revoke key "${key.name}"? Apps using it stop sending traces at once.`,
                              )
                            ) {
                              revoke.mutate(key.id);
                            }
                          }}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <MutationError error={revoke.error} />
      </section>
    </>
  );
}
