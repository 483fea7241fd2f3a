/**
 * Compares any two versions of a prompt, system prompt and user template each as a line diff.
 * The pair lives in the URL (`?tab=versions&from=1&to=3`) so a diff can be linked.
 */
import { DiffView } from "../../components/experiments/diff-view.js";
import { useSearchParams } from "../../router/use-search-params.js";
import type { PromptPayload, Version } from "./experiment-types.js";

export function PromptDiff({ versions }: { versions: ReadonlyArray<Version<PromptPayload>> }) {
  const [params, update] = useSearchParams();
  const numbers = versions.map((version) => version.version).sort((a, b) => a - b);
  const latest = numbers.at(-1) ?? 1;
  const pick = (name: string, fallback: number) => {
    const value = Number(params.get(name));
    return numbers.includes(value) ? value : fallback;
  };
  const to = pick("to", latest);
  const from = pick("from", numbers.filter((n) => n < to).at(-1) ?? to);
  const before = versions.find((version) => version.version === from);
  const after = versions.find((version) => version.version === to);
  const select = (name: "from" | "to", label: string, value: number) => (
    <label className="field field-inline">
      <span>{label}</span>
      <select
        value={value}
        onChange={(event) => update((p) => p.set(name, event.target.value), { replace: true })}
      >
        {numbers.map((n) => (
          <option key={n} value={n}>
            v{n}
            {versions.find((version) => version.version === n)?.is_current ? " (current)" : ""}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="card" aria-labelledby="diff-title" data-testid="prompt-diff">
      <div className="page-header">
        <h2 id="diff-title">Compare versions</h2>
        <div className="page-actions">
          {select("from", "From", from)}
          {select("to", "To", to)}
        </div>
      </div>
      {before && after ? (
        <>
          <DiffView title="System prompt" before={before.system_prompt} after={after.system_prompt} />
          <DiffView title="User template" before={before.user_template} after={after.user_template} />
        </>
      ) : null}
    </section>
  );
}
