/**
 * `/experiments/prompts/{key}`: a prompt's current text with the editor (members) or read-only
 * (viewers), and its version history with a diff between any two versions and one-click
 * "make current".
 */
import { useState } from "react";
import { useApi } from "../../api/use-api.js";
import { useApiMutation } from "../../api/use-api-mutation.js";
import { useSession } from "../../app/session-context.js";
import { listTemplateVariables } from "../../components/experiments/template-variables.js";
import { VersionHistory } from "../../components/experiments/version-history.js";
import { ErrorState, Loading } from "../../components/states.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";
import { useSearchParam } from "../../router/use-search-params.js";
import { ExperimentTabs } from "./experiment-tabs.js";
import type { PromptHead, PromptPayload, Version } from "./experiment-types.js";
import { PromptDiff } from "./prompt-diff.js";
import { PROMPT_INVALIDATE, PromptEditor } from "./prompt-editor.js";
import "../../components/experiments/experiments.css";

type Tab = "prompt" | "versions";
const TABS: ReadonlyArray<{ tab: Tab; label: string }> = [
  { tab: "prompt", label: "Prompt" },
  { tab: "versions", label: "Versions and diff" },
];

function PromptText({ payload }: { payload: PromptPayload }) {
  return (
    <section className="card" aria-label="Current prompt" data-testid="prompt-text">
      <p className="muted">Read only: members and admins publish prompt versions.</p>
      <h2>System prompt</h2>
      <pre className="code">{payload.system_prompt || "(empty)"}</pre>
      <h2>User template</h2>
      <pre className="code">{payload.user_template || "(empty)"}</pre>
      <p className="muted">
        Variables:{" "}
        {[
          ...listTemplateVariables(payload.system_prompt),
          ...listTemplateVariables(payload.user_template),
        ].join(", ") || "none"}
      </p>
    </section>
  );
}

export function PromptPage({ promptKey }: { promptKey: string }) {
  const { canWrite } = useSession();
  const [tabParam] = useSearchParam("tab", "prompt");
  const tab = (TABS.some((t) => t.tab === tabParam) ? tabParam : "prompt") as Tab;
  const base = `/api/v1/prompts/${encodeURIComponent(promptKey)}`;
  const head = useApi<PromptHead>(base);
  const versions = useApi<{ data: Array<Version<PromptPayload>> }>(
    tab === "versions" ? `${base}/versions` : null,
  );
  const [saved, setSaved] = useState<number | null>(null);
  const [pendingVersion, setPendingVersion] = useState<number | null>(null);
  const makeCurrent = useApiMutation<number>(
    (version) => ({ path: `${base}/current`, method: "POST", body: { version } }),
    PROMPT_INVALIDATE,
  );

  if (head.isPending) return <Loading label="Loading prompt…" />;
  if (head.error) return <ErrorState error={head.error} onRetry={() => head.refetch()} />;
  const prompt = head.data;

  return (
    <div className="page">
      <div className="breadcrumb">
        <Link to={paths.prompts()}>Prompts</Link> / {promptKey}
      </div>
      <div className="page-header">
        <h1>
          {promptKey}{" "}
          <span className="badge" data-testid="current-version">
            v{prompt.current_version} current
          </span>
        </h1>
        <span className="muted">
          {prompt.latest_version} {prompt.latest_version === 1 ? "version" : "versions"}
        </span>
      </div>
      {prompt.description ? <p className="muted">{prompt.description}</p> : null}
      <ExperimentTabs basePath={paths.prompt(promptKey)} tabs={TABS} current={tab} fallback="prompt" />
      {saved !== null ? (
        <p className="notice notice-success" role="status">
          Published version {saved}; it is now current.
        </p>
      ) : null}
      {tab === "prompt" ? (
        canWrite ? (
          <PromptEditor
            key={prompt.current_version}
            existing={prompt}
            onSaved={({ version }) => setSaved(version)}
          />
        ) : (
          <PromptText payload={prompt.current} />
        )
      ) : null}
      {tab === "versions" ? (
        versions.isPending ? (
          <Loading label="Loading versions…" />
        ) : versions.error ? (
          <ErrorState error={versions.error} onRetry={() => versions.refetch()} />
        ) : (
          <>
            <section className="card" aria-label="Versions">
              <VersionHistory
                versions={versions.data?.data ?? []}
                describe={(version) => (
                  <pre
                    className="prompt-preview"
                    title={`${version.system_prompt}\n\n${version.user_template}`}
                  >
                    {version.system_prompt || "(no system prompt)"}
                  </pre>
                )}
                canWrite={canWrite}
                pendingVersion={pendingVersion}
                error={makeCurrent.error}
                onMakeCurrent={(version) => {
                  setPendingVersion(version);
                  setSaved(null);
                  makeCurrent.mutate(version, { onSettled: () => setPendingVersion(null) });
                }}
              />
            </section>
            <PromptDiff versions={versions.data?.data ?? []} />
          </>
        )
      ) : null}
    </div>
  );
}
