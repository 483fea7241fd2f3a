/**
 * `/experiments/prompts`: the project's prompts (current version, versions, variables) and
 * prompt A/B tests, with create forms for members. Empty: how the SDK reads a prompt.
 */
import { useState } from "react";
import { useApi } from "../../api/use-api.js";
import { useSession } from "../../app/session-context.js";
import { SdkSnippets } from "../../components/experiments/sdk-snippets.js";
import { listTemplateVariables } from "../../components/experiments/template-variables.js";
import { Empty, ErrorState, Loading } from "../../components/states.js";
import { formatFullTime, formatTime } from "../../format/format-time.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";
import { navigate } from "../../router/navigation.js";
import type { PromptAbTestHead, PromptHead } from "./experiment-types.js";
import { PromptAbTestEditor } from "./prompt-ab-test-editor.js";
import { describeAbVariants } from "./prompt-ab-test-page.js";
import { PromptEditor } from "./prompt-editor.js";
import { promptSnippets } from "./sdk-snippet-text.js";
import "../../components/experiments/experiments.css";

function PromptsList() {
  const { canWrite } = useSession();
  const prompts = useApi<{ data: PromptHead[] }>("/api/v1/prompts");
  const [creating, setCreating] = useState(false);
  const snippets = promptSnippets();
  return (
    <section className="card" aria-labelledby="prompts-title">
      <div className="page-header">
        <h2 id="prompts-title">Prompts</h2>
        {canWrite && !creating ? (
          <button type="button" className="button" onClick={() => setCreating(true)}>
            New prompt
          </button>
        ) : null}
      </div>
      {creating ? (
        <>
          <PromptEditor onSaved={({ key }) => navigate(paths.prompt(key))} />
          <button type="button" className="button button-ghost" onClick={() => setCreating(false)}>
            Cancel
          </button>
        </>
      ) : null}
      {prompts.isPending ? (
        <Loading label="Loading prompts…" />
      ) : prompts.error ? (
        <ErrorState error={prompts.error} onRetry={() => prompts.refetch()} />
      ) : prompts.data.data.length === 0 ? (
        <Empty title="No prompts yet">
          <p>
            Keep system prompts and user templates here, versioned, and fetch them with{" "}
            <code>prompts.get()</code>: publishing a version changes what your app sends without a deploy.
          </p>
          <SdkSnippets typescript={snippets.typescript} python={snippets.python} />
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="prompts-table">
            <thead>
              <tr>
                <th scope="col">Prompt</th>
                <th scope="col" className="num">
                  Current
                </th>
                <th scope="col" className="num">
                  Versions
                </th>
                <th scope="col">Variables</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {prompts.data.data.map((prompt) => {
                const variables = [
                  ...new Set([
                    ...listTemplateVariables(prompt.current.system_prompt),
                    ...listTemplateVariables(prompt.current.user_template),
                  ]),
                ];
                return (
                  <tr key={prompt.key} data-prompt={prompt.key}>
                    <td>
                      <Link to={paths.prompt(prompt.key)}>{prompt.key}</Link>
                      {prompt.description ? (
                        <span className="muted metric-extra">{prompt.description}</span>
                      ) : null}
                    </td>
                    <td className="num">v{prompt.current_version}</td>
                    <td className="num">{prompt.latest_version}</td>
                    <td>
                      {variables.length === 0 ? <span className="muted">none</span> : variables.join(", ")}
                    </td>
                    <td title={formatFullTime(prompt.updated_at)}>{formatTime(prompt.updated_at)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AbTestsList() {
  const { canWrite } = useSession();
  const tests = useApi<{ data: PromptAbTestHead[] }>("/api/v1/prompt-ab-tests");
  const [creating, setCreating] = useState(false);
  const snippets = promptSnippets();
  return (
    <section className="card" aria-labelledby="ab-tests-title">
      <div className="page-header">
        <h2 id="ab-tests-title">Prompt A/B tests</h2>
        {canWrite && !creating ? (
          <button type="button" className="button" onClick={() => setCreating(true)}>
            New A/B test
          </button>
        ) : null}
      </div>
      {creating ? (
        <>
          <PromptAbTestEditor onSaved={({ key }) => navigate(paths.promptAbTest(key))} />
          <button type="button" className="button button-ghost" onClick={() => setCreating(false)}>
            Cancel
          </button>
        </>
      ) : null}
      {tests.isPending ? (
        <Loading label="Loading A/B tests…" />
      ) : tests.error ? (
        <ErrorState error={tests.error} onRetry={() => tests.refetch()} />
      ) : tests.data.data.length === 0 ? (
        <Empty title="No prompt A/B tests yet">
          <p>
            A test splits sessions between prompt versions by weight.{" "}
            <code>prompts.getAB(testKey, sessionId)</code> returns the session's variant, and its calls are
            compared here.
          </p>
          <details>
            <summary>How the SDK uses a test</summary>
            <SdkSnippets typescript={snippets.typescript} python={snippets.python} />
          </details>
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="ab-tests-table">
            <thead>
              <tr>
                <th scope="col">Test</th>
                <th scope="col" className="num">
                  Version
                </th>
                <th scope="col">Variants</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {tests.data.data.map((test) => (
                <tr key={test.key} data-test={test.key}>
                  <td>
                    <Link to={paths.promptAbTest(test.key)}>{test.key}</Link>
                  </td>
                  <td className="num">v{test.current_version}</td>
                  <td>{describeAbVariants(test.current)}</td>
                  <td title={formatFullTime(test.updated_at)}>{formatTime(test.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function PromptsPage() {
  return (
    <div className="page">
      <h1>Prompts</h1>
      <PromptsList />
      <AbTestsList />
    </div>
  );
}
