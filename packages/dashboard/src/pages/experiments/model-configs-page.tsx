/**
 * `/experiments/models`: every model config of the project (current version, variants, sessions
 * assigned so far) and, for members, a form to create one. Empty: how the SDK uses a config.
 */
import { useState } from "react";
import { useApi } from "../../api/use-api.js";
import { useSession } from "../../app/session-context.js";
import { SdkSnippets } from "../../components/experiments/sdk-snippets.js";
import { variantLabel } from "../../components/experiments/variant-label.js";
import { Empty, ErrorState, Loading } from "../../components/states.js";
import { formatInteger } from "../../format/format-number.js";
import { formatFullTime, formatTime } from "../../format/format-time.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";
import { navigate } from "../../router/navigation.js";
import { ConfigEditor } from "./config-editor.js";
import type { ConfigHead, ModelExperimentResult } from "./experiment-types.js";
import { modelSnippets } from "./sdk-snippet-text.js";
import "../../components/experiments/experiments.css";

/** Sessions assigned so far, over every version (one results request per row). */
function AssignedSessions({ configKey }: { configKey: string }) {
  const result = useApi<ModelExperimentResult>(`/api/v1/experiments/models/${encodeURIComponent(configKey)}`);
  if (result.isPending) return <span className="muted">…</span>;
  if (result.error || !result.data) return <span className="muted">—</span>;
  const total = result.data.variants.reduce((sum, variant) => sum + variant.sessions, 0);
  return <span data-value={total}>{formatInteger(total)}</span>;
}

export function ModelConfigsPage() {
  const { canWrite } = useSession();
  const configs = useApi<{ data: ConfigHead[] }>("/api/v1/configs");
  const [creating, setCreating] = useState(false);
  const snippets = modelSnippets();
  return (
    <div className="page">
      <div className="page-header">
        <h1>Model A/B tests</h1>
        {canWrite && !creating ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New config
          </button>
        ) : null}
      </div>
      <p className="muted">
        A config splits sessions between models by weight, with optional targeting. Each session keeps its
        model (sticky hashing of the session id), and every call is recorded under its variant.
      </p>
      {creating ? (
        <>
          <ConfigEditor onSaved={({ key }) => navigate(`${paths.modelConfig(key)}?tab=configuration`)} />
          <button type="button" className="button button-ghost" onClick={() => setCreating(false)}>
            Cancel
          </button>
        </>
      ) : null}
      {configs.isPending ? (
        <Loading label="Loading configs…" />
      ) : configs.error ? (
        <ErrorState error={configs.error} onRetry={() => configs.refetch()} />
      ) : configs.data.data.length === 0 ? (
        <Empty title="No model configs yet">
          <p>
            {canWrite ? "Create a config, then" : "Once a member creates a config,"} ask the SDK for the
            session's model with <code>session.getModel()</code>. Calls made with it show up here per variant.
          </p>
          <SdkSnippets typescript={snippets.typescript} python={snippets.python} />
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="configs-table">
            <thead>
              <tr>
                <th scope="col">Config</th>
                <th scope="col" className="num">
                  Version
                </th>
                <th scope="col">Variants</th>
                <th scope="col">Targeting</th>
                <th scope="col" className="num">
                  Sessions so far
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {configs.data.data.map((config) => {
                const targeting = config.current.targeting;
                const targets = targeting?.individualTargets?.length ?? 0;
                const rules = targeting?.rules?.length ?? 0;
                const parts = [
                  targets > 0 ? `${targets} ${targets === 1 ? "target" : "targets"}` : "",
                  rules > 0 ? `${rules} ${rules === 1 ? "rule" : "rules"}` : "",
                ].filter(Boolean);
                return (
                  <tr key={config.key} data-config={config.key}>
                    <td>
                      <Link to={paths.modelConfig(config.key)}>{config.key}</Link>
                      {config.description ? (
                        <span className="muted metric-extra">{config.description}</span>
                      ) : null}
                    </td>
                    <td className="num">
                      v{config.current_version}
                      {config.latest_version !== config.current_version ? (
                        <span className="muted metric-extra">latest v{config.latest_version}</span>
                      ) : null}
                    </td>
                    <td>
                      {config.current.variants.map((variant, index) => (
                        <span key={variant.model} className="variant-summary">
                          {index > 0 ? " · " : ""}
                          {variantLabel(index)} <code>{variant.model}</code> {variant.weight} %
                        </span>
                      ))}
                    </td>
                    <td>
                      {parts.length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        <>
                          {parts.join(", ")}
                          {targeting?.enabled === false ? <span className="badge">off</span> : null}
                        </>
                      )}
                    </td>
                    <td className="num">
                      <AssignedSessions configKey={config.key} />
                    </td>
                    <td title={formatFullTime(config.updated_at)}>{formatTime(config.updated_at)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
