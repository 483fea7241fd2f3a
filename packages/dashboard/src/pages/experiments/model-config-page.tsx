/**
 * `/experiments/models/{key}`: a model config's results per variant (verdict, intervals,
 * assignment vs weights), its editor (members) or read-only configuration (viewers), and its
 * version history with one-click roll back.
 */
import { useState } from "react";
import { useApi } from "../../api/use-api.js";
import { useSession } from "../../app/session-context.js";
import { ExperimentResults } from "../../components/experiments/experiment-results.js";
import { SdkSnippets } from "../../components/experiments/sdk-snippets.js";
import { Empty, ErrorState, Loading } from "../../components/states.js";
import { paths } from "../../router/match-route.js";
import { CONFIG_INVALIDATE, ConfigEditor } from "./config-editor.js";
import { ConfigSummary, describeVariants } from "./config-summary.js";
import { ExperimentHeader } from "./experiment-header.js";
import { ExperimentTabs } from "./experiment-tabs.js";
import type { ConfigHead, ConfigPayload, ModelExperimentResult } from "./experiment-types.js";
import { modelSnippets } from "./sdk-snippet-text.js";
import { useExperimentTab } from "./use-experiment-tab.js";
import { VersionsTab } from "./versions-tab.js";
import "../../components/experiments/experiments.css";

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

type Tab = "results" | "configuration" | "versions";
const TABS: ReadonlyArray<{ tab: Tab; label: string }> = [
  { tab: "results", label: "Results" },
  { tab: "configuration", label: "Configuration" },
  { tab: "versions", label: "Versions" },
];

function Results({ configKey }: { configKey: string }) {
  const result = useApi<ModelExperimentResult>(`/api/v1/experiments/models/${encodeURIComponent(configKey)}`);
  if (result.isPending) return <Loading label="Computing results…" />;
  if (result.error) return <ErrorState error={result.error} onRetry={() => result.refetch()} />;
  const data = result.data;
  const calls = data.variants.reduce((sum, variant) => sum + variant.calls, 0);
  const sessions = data.variants.reduce((sum, variant) => sum + variant.sessions, 0);
  const snippets = modelSnippets(configKey);
  return (
    <>
      {calls === 0 ? (
        <Empty title="No calls for this config yet">
          <p>
            Ask the SDK for the session's model with <code>session.getModel()</code>; the assignment is
            recorded and the calls made with that model count for its variant.
          </p>
          {/* Open for a brand-new config; collapsed once sessions arrive, so the results stay in view. */}
          <details open={sessions === 0}>
            <summary>How the SDK uses this config</summary>
            <SdkSnippets typescript={snippets.typescript} python={snippets.python} />
          </details>
        </Empty>
      ) : null}
      {data.targeting_enabled ? (
        <p className="notice">
          Targeting is on: targeted sessions skip the weights on purpose, so the split may not match them.
        </p>
      ) : null}
      <ExperimentResults
        result={data}
        describeVariant={(variant) => <code>{variant.model}</code>}
        sessionsHint="assigned sessions, all versions"
        sessionsNote={`Sessions assigned under the current version (v${data.config_version}) against its weights; a chi-square test flags a sample ratio mismatch at p < 0.001.`}
      />
    </>
  );
}

export function ModelConfigPage({ configKey }: { configKey: string }) {
  const { canWrite } = useSession();
  const tab = useExperimentTab(TABS, "results");
  const base = `/api/v1/configs/${encodeURIComponent(configKey)}`;
  const head = useApi<ConfigHead>(base);
  const [saved, setSaved] = useState<number | null>(null);

  if (head.isPending) return <Loading label="Loading config…" />;
  if (head.error) return <ErrorState error={head.error} onRetry={() => head.refetch()} />;
  const config = head.data;

  return (
    <div className="page page-wide">
      <ExperimentHeader
        parent={{ to: paths.modelConfigs(), label: "Model A/B tests" }}
        crumb={configKey}
        title={configKey}
        currentVersion={config.current_version}
        summary={describeVariants(config.current)}
        description={config.description}
      />
      <ExperimentTabs basePath={paths.modelConfig(configKey)} tabs={TABS} current={tab} fallback="results" />
      {saved !== null ? (
        <p className="notice notice-success" role="status">
          Saved version {saved}; it is now current.
        </p>
      ) : null}
      {tab === "results" ? <Results configKey={configKey} /> : null}
      {tab === "configuration" ? (
        canWrite ? (
          <ConfigEditor
            key={config.current_version}
            existing={config}
            onSaved={({ version }) => setSaved(version)}
          />
        ) : (
          <ConfigSummary payload={config.current} />
        )
      ) : null}
      {tab === "versions" ? (
        <VersionsTab<ConfigPayload>
          base={base}
          invalidate={CONFIG_INVALIDATE}
          canWrite={canWrite}
          onMakeCurrent={() => setSaved(null)}
          intro={
            <p className="muted">
              Versions never change once saved. Making an older one current rolls back: the SDKs serve it on
              their next refresh, and the next save still gets a new number.
            </p>
          }
          describe={(version) => (
            <span>
              {describeVariants(version)}
              {version.targeting ? (
                <span className="muted metric-extra">
                  targeting: {count((version.targeting.individualTargets ?? []).length, "target")},{" "}
                  {count((version.targeting.rules ?? []).length, "rule")}
                  {version.targeting.enabled === false ? " (off)" : ""}
                </span>
              ) : null}
            </span>
          )}
        />
      ) : null}
    </div>
  );
}
