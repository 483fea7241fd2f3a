/**
 * `/settings/prices`: price overrides per model (USD per 1M tokens), unpriced models with a
 * shortcut to price them, the bundled price data version and a cost recompute.
 */
import { type FormEvent, useState } from "react";
import type { PriceOverride, Prices } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { useApiMutation } from "../../api/use-api-mutation.js";
import { useSession } from "../../app/session-context.js";
import { MutationError } from "../../components/mutation-error.js";
import { Empty, ErrorState, Loading } from "../../components/states.js";
import { formatInteger } from "../../format/format-number.js";
import { formatFullTime } from "../../format/format-time.js";

/** `price_data` of `GET /api/v1/settings`: which price data the server prices with. */
interface PriceDataStatus {
  source: "bundled" | "downloaded";
  updated_at: string | null;
  last_refresh_error: string | null;
}

interface Draft {
  id?: string;
  model_pattern: string;
  provider: string;
  is_regex: boolean;
  input_mtok: string;
  output_mtok: string;
  cache_read_mtok: string;
  cache_write_mtok: string;
}

const EMPTY: Draft = {
  model_pattern: "",
  provider: "",
  is_regex: false,
  input_mtok: "",
  output_mtok: "",
  cache_read_mtok: "",
  cache_write_mtok: "",
};

function toDraft(row: PriceOverride): Draft {
  return {
    id: row.id,
    model_pattern: row.model_pattern,
    provider: row.provider ?? "",
    is_regex: row.is_regex,
    input_mtok: String(row.input_mtok),
    output_mtok: String(row.output_mtok),
    cache_read_mtok: row.cache_read_mtok === null ? "" : String(row.cache_read_mtok),
    cache_write_mtok: row.cache_write_mtok === null ? "" : String(row.cache_write_mtok),
  };
}

const INVALIDATE = [
  "/api/v1/prices",
  "/api/v1/spans",
  "/api/v1/metrics",
  "/api/v1/traces",
  "/api/v1/sessions",
  "/api/v1/customers",
];

export function PricesSettings() {
  const { canWrite } = useSession();
  const prices = useApi<Prices>("/api/v1/prices");
  const priceData = useApi<{ price_data?: PriceDataStatus }>("/api/v1/settings").data?.price_data;
  const [draft, setDraft] = useState<Draft | null>(null);
  const save = useApiMutation<Draft, { repriced: number }>(
    (d) => ({
      path: "/api/v1/prices",
      method: "PUT",
      body: {
        ...(d.id ? { id: d.id } : {}),
        model_pattern: d.model_pattern,
        provider: d.provider || null,
        is_regex: d.is_regex,
        input_mtok: Number(d.input_mtok),
        output_mtok: Number(d.output_mtok),
        cache_read_mtok: d.cache_read_mtok === "" ? null : Number(d.cache_read_mtok),
        cache_write_mtok: d.cache_write_mtok === "" ? null : Number(d.cache_write_mtok),
      },
    }),
    INVALIDATE,
  );
  const remove = useApiMutation<string>(
    (id) => ({ path: `/api/v1/prices/${encodeURIComponent(id)}`, method: "DELETE" }),
    ["/api/v1/prices"],
  );
  const recompute = useApiMutation<void, { repriced: number; changed: number }>(
    () => ({ path: "/api/v1/costs/recompute", method: "POST", body: {} }),
    INVALIDATE,
  );
  if (prices.isPending) return <Loading />;
  if (prices.error) return <ErrorState error={prices.error} onRetry={() => prices.refetch()} />;
  const data = prices.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft) save.mutate(draft, { onSuccess: () => setDraft(null) });
  };
  const field = (name: keyof Draft, label: string, type = "text") =>
    draft ? (
      <label className="field">
        <span>{label}</span>
        <input
          type={type}
          step="any"
          min={type === "number" ? 0 : undefined}
          value={String(draft[name] ?? "")}
          onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
          required={name === "model_pattern" || name === "input_mtok" || name === "output_mtok"}
        />
      </label>
    ) : null;

  return (
    <>
      <section className="card">
        <h2>Unpriced models</h2>
        {data.unpriced_models.length === 0 ? (
          <p>Every called model has a price.</p>
        ) : (
          <>
            <p>
              Calls to these models have no known price: their cost is unknown (never counted as $0). Add a
              price and their unpriced calls are priced at once.
            </p>
            <ul className="list" data-testid="unpriced-models">
              {data.unpriced_models.map((row) => (
                <li key={`${row.provider}/${row.model}`}>
                  <code>{row.model}</code>{" "}
                  {row.provider ? <span className="muted">({row.provider})</span> : null} —{" "}
                  {formatInteger(row.calls)} calls{" "}
                  {canWrite ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() =>
                        setDraft({ ...EMPTY, model_pattern: row.model, provider: row.provider ?? "" })
                      }
                    >
                      Add price
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {draft ? (
        <form className="card form" onSubmit={submit} aria-label="Price override">
          <h2>{draft.id ? "Edit price override" : "New price override"}</h2>
          <p className="muted">USD per 1 million tokens. Empty cache prices use the input price.</p>
          <div className="form-grid">
            {field("model_pattern", "Model (exact name or regex)")}
            {field("provider", "Provider (optional)")}
            {field("input_mtok", "Input", "number")}
            {field("output_mtok", "Output", "number")}
            {field("cache_read_mtok", "Cache read", "number")}
            {field("cache_write_mtok", "Cache write", "number")}
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.is_regex}
              onChange={(e) => setDraft({ ...draft, is_regex: e.target.checked })}
            />
            The model is a regular expression (case-insensitive)
          </label>
          <div className="page-actions">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              Save price
            </button>
            <button type="button" className="button button-ghost" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
          <MutationError error={save.error} />
        </form>
      ) : null}
      <section className="card">
        <div className="page-header">
          <h2>Price overrides</h2>
          {canWrite && !draft ? (
            <button type="button" className="button" onClick={() => setDraft(EMPTY)}>
              Add override
            </button>
          ) : null}
        </div>
        {save.data ? (
          <p role="status">Saved; {formatInteger(save.data.repriced)} unpriced calls were priced.</p>
        ) : null}
        {data.overrides.length === 0 ? (
          <Empty title="No overrides">
            <p>
              Prices come from the bundled {data.price_data.source} data. Override a model to use your own
              rates.
            </p>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Provider</th>
                  <th scope="col" className="num">
                    Input
                  </th>
                  <th scope="col" className="num">
                    Output
                  </th>
                  <th scope="col" className="num">
                    Cache read
                  </th>
                  <th scope="col" className="num">
                    Cache write
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.overrides.map((row) => (
                  <tr key={row.id}>
                    <td>
                      <code>{row.model_pattern}</code>{" "}
                      {row.is_regex ? <span className="badge">regex</span> : null}
                    </td>
                    <td>{row.provider ?? "any"}</td>
                    <td className="num">${row.input_mtok}</td>
                    <td className="num">${row.output_mtok}</td>
                    <td className="num">
                      {row.cache_read_mtok === null ? "= input" : `$${row.cache_read_mtok}`}
                    </td>
                    <td className="num">
                      {row.cache_write_mtok === null ? "= input" : `$${row.cache_write_mtok}`}
                    </td>
                    <td>
                      {canWrite ? (
                        <span className="page-actions">
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => setDraft(toDraft(row))}
                          >
                            Edit
                          </button>
                          <button
                            type="button"
                            className="button button-small button-danger"
                            onClick={() => remove.mutate(row.id)}
                          >
                            Delete
                          </button>
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <MutationError error={remove.error} />
      </section>
      <section className="card">
        <h2>Price data</h2>
        <p>
          Bundled prices: <code>{data.price_data.source}</code> version <code>{data.price_data.version}</code>
          .
        </p>
        {priceData ? (
          <p>
            Price data: {priceData.source}
            {priceData.updated_at ? `, dated ${formatFullTime(priceData.updated_at)}` : ""}
            {priceData.last_refresh_error ? ` (last refresh failed: ${priceData.last_refresh_error})` : ""}.
          </p>
        ) : null}
        {canWrite ? (
          <>
            <p className="muted">
              Saving an override prices that model's unpriced calls. To move already-priced calls to new
              prices, recompute.
            </p>
            <button
              type="button"
              className="button"
              disabled={recompute.isPending}
              onClick={() => recompute.mutate()}
            >
              {recompute.isPending ? "Recomputing…" : "Recompute all costs"}
            </button>
            {recompute.data ? (
              <p role="status">
                Re-priced {formatInteger(recompute.data.repriced)} calls;{" "}
                {formatInteger(recompute.data.changed)} changed.
              </p>
            ) : null}
            <MutationError error={recompute.error} />
          </>
        ) : null}
      </section>
    </>
  );
}
