/**
 * `/experiments/prompts/{key}`: a prompt's current text with the editor (members) or read-only
 * (viewers), and its version history with a diff between any two versions and one-click
 * "make current".
 */
import { useState } from "react";
import { useApi } from "../../api/use-api.js";
import { useSession } from "../../app/session-context.js";
import { listTemplateVariables } from "../../components/experiments/template-variables.js";
import { ErrorState, Loading } from "../../components/states.js";
import { paths } from "../../router/match-route.js";
import { ExperimentHeader } from "./experiment-header.js";
import { ExperimentTabs } from "./experiment-tabs.js";
import type { PromptHead, PromptPayload } from "./experiment-types.js";
import { PromptDiff } from "./prompt-diff.js";
import { PROMPT_INVALIDATE, PromptEditor } from "./prompt-editor.js";
import { useExperimentTab } from "./use-experiment-tab.js";
import { VersionsTab } from "./versions-tab.js";
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
  const tab = useExperimentTab(TABS, "prompt");
  const base = `/api/v1/prompts/${encodeURIComponent(promptKey)}`;
  const head = useApi<PromptHead>(base);
  const [saved, setSaved] = useState<number | null>(null);

  if (head.isPending) return <Loading label="Loading prompt…" />;
  if (head.error) return <ErrorState error={head.error} onRetry={() => head.refetch()} />;
  const prompt = head.data;

  return (
    <div className="page">
      <ExperimentHeader
        parent={{ to: paths.prompts(), label: "Prompts" }}
        crumb={promptKey}
        title={promptKey}
        currentVersion={prompt.current_version}
        summary={`${prompt.latest_version} ${prompt.latest_version === 1 ? "version" : "versions"}`}
        description={prompt.description}
      />
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
        <VersionsTab<PromptPayload>
          base={base}
          invalidate={PROMPT_INVALIDATE}
          canWrite={canWrite}
          onMakeCurrent={() => setSaved(null)}
          describe={(version) => (
            <pre className="prompt-preview" title={`${version.system_prompt}\n\n${version.user_template}`}>
              {version.system_prompt || "(no system prompt)"}
            </pre>
          )}
          after={(list) => <PromptDiff versions={list} />}
        />
      ) : null}
    </div>
  );
}
