/**
 * `/experiments/prompts/tests/{key}`: a prompt A/B test's results per variant, its variants and
 * weights (editable by members) and its version history with one-click roll back.
 */
import { useState } from "react";
import { useApi } from "../../api/use-api.js";
import { useSession } from "../../app/session-context.js";
import { ExperimentResults } from "../../components/experiments/experiment-results.js";
import { SdkSnippets } from "../../components/experiments/sdk-snippets.js";
import { variantLabel } from "../../components/experiments/variant-label.js";
import { Empty, ErrorState, Loading } from "../../components/states.js";
import { paths } from "../../router/match-route.js";
import { PromptVariantName } from "./describe-prompt-variant.js";
import { ExperimentHeader } from "./experiment-header.js";
import { ExperimentTabs } from "./experiment-tabs.js";
import type { PromptAbTestHead, PromptAbTestPayload, PromptExperimentResult } from "./experiment-types.js";
import { PROMPT_AB_INVALIDATE, PromptAbTestEditor } from "./prompt-ab-test-editor.js";
import { promptSnippets } from "./sdk-snippet-text.js";
import { useExperimentTab } from "./use-experiment-tab.js";
import { VersionsTab } from "./versions-tab.js";
import "../../components/experiments/experiments.css";

type Tab = "results" | "configuration" | "versions";
const TABS: ReadonlyArray<{ tab: Tab; label: string }> = [
  { tab: "results", label: "Results" },
  { tab: "configuration", label: "Variants" },
  { tab: "versions", label: "Versions" },
];

export function describeAbVariants(payload: PromptAbTestPayload): string {
  return payload.variants
    .map(
      (variant, index) =>
        `${variantLabel(index)} ${variant.prompt_key} ${variant.prompt_version === null ? "(current)" : `v${variant.prompt_version}`} ${variant.weight} %`,
    )
    .join(" · ");
}

function Results({ testKey }: { testKey: string }) {
  const result = useApi<PromptExperimentResult>(`/api/v1/experiments/prompts/${encodeURIComponent(testKey)}`);
  if (result.isPending) return <Loading label="Computing results…" />;
  if (result.error) return <ErrorState error={result.error} onRetry={() => result.refetch()} />;
  const calls = result.data.variants.reduce((sum, variant) => sum + variant.calls, 0);
  const snippets = promptSnippets(undefined, testKey);
  return (
    <>
      {calls === 0 ? (
        <Empty title="No calls linked to this test yet">
          <p>
            <code>prompts.getAB()</code> picks the session's variant; the LLM calls that follow carry the test
            key and variant index, and count here.
          </p>
          <details open>
            <summary>How the SDK uses this test</summary>
            <SdkSnippets typescript={snippets.typescript} python={snippets.python} />
          </details>
        </Empty>
      ) : null}
      <ExperimentResults
        result={result.data}
        describeVariant={(variant) => (
          <PromptVariantName promptKey={variant.prompt_key} version={variant.prompt_version} />
        )}
        sessionsHint="sessions with linked calls"
        sessionsNote="Distinct sessions with linked calls per variant (prompt tests keep no assignment records) against the current weights; a chi-square test flags a sample ratio mismatch at p < 0.001."
      />
    </>
  );
}

function VariantsSummary({ payload }: { payload: PromptAbTestPayload }) {
  return (
    <section className="card" aria-label="Variants" data-testid="ab-summary">
      <p className="muted">Read only: members and admins edit A/B tests.</p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Prompt</th>
              <th scope="col" className="num">
                Weight
              </th>
            </tr>
          </thead>
          <tbody>
            {payload.variants.map((variant, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: variants are positional.
              <tr key={index}>
                <td>{variantLabel(index)}</td>
                <td>
                  <PromptVariantName promptKey={variant.prompt_key} version={variant.prompt_version} />
                </td>
                <td className="num">{variant.weight} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function PromptAbTestPage({ testKey }: { testKey: string }) {
  const { canWrite } = useSession();
  const tab = useExperimentTab(TABS, "results");
  const base = `/api/v1/prompt-ab-tests/${encodeURIComponent(testKey)}`;
  const head = useApi<PromptAbTestHead>(base);
  const [saved, setSaved] = useState<number | null>(null);

  if (head.isPending) return <Loading label="Loading A/B test…" />;
  if (head.error) return <ErrorState error={head.error} onRetry={() => head.refetch()} />;
  const test = head.data;

  return (
    <div className="page page-wide">
      <ExperimentHeader
        parent={{ to: paths.prompts(), label: "Prompts" }}
        crumb={`A/B test ${testKey}`}
        title={testKey}
        currentVersion={test.current_version}
        summary={describeAbVariants(test.current)}
      />
      <ExperimentTabs basePath={paths.promptAbTest(testKey)} tabs={TABS} current={tab} fallback="results" />
      {saved !== null ? (
        <p className="notice notice-success" role="status">
          Saved version {saved}; it is now current.
        </p>
      ) : null}
      {tab === "results" ? <Results testKey={testKey} /> : null}
      {tab === "configuration" ? (
        canWrite ? (
          <PromptAbTestEditor
            key={test.current_version}
            existing={test}
            onSaved={({ version }) => setSaved(version)}
          />
        ) : (
          <VariantsSummary payload={test.current} />
        )
      ) : null}
      {tab === "versions" ? (
        <VersionsTab<PromptAbTestPayload>
          base={base}
          invalidate={PROMPT_AB_INVALIDATE}
          canWrite={canWrite}
          onMakeCurrent={() => setSaved(null)}
          describe={(version) => describeAbVariants(version)}
        />
      ) : null}
    </div>
  );
}
