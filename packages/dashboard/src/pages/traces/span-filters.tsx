/**
 * The traces list's filters: every `/api/v1/spans` filter (SPEC §5.8), free-text search and the
 * time range, read from and written to the URL. Active filters show as removable chips.
 */
import { useState } from "react";
import { CommitInput } from "../../components/commit-input.js";
import { RangeSelect } from "../../components/range-select.js";
import { useSearchParams } from "../../router/use-search-params.js";

const TEXT_FILTERS = [
  { name: "customer_id", label: "Customer" },
  { name: "session_id", label: "Session" },
  { name: "config_key", label: "Config key" },
  { name: "model", label: "Model" },
  { name: "provider", label: "Provider" },
] as const;

const MORE_FILTERS = [
  { name: "trace_id", label: "Trace id" },
  { name: "prompt_key", label: "Prompt key" },
  { name: "prompt_version", label: "Prompt version" },
  { name: "prompt_ab_test_key", label: "Prompt A/B test" },
  { name: "prompt_variant_index", label: "Prompt variant" },
] as const;

const KINDS = [
  "llm",
  "embedding",
  "tool",
  "retrieval",
  "agent",
  "chain",
  "custom",
  "preprocessing",
  "postprocessing",
];

/** Query parameters that are not filters (the UI's own state). */
export const NON_FILTER_PARAMS = ["range", "span"] as const;

export function hasActiveFilters(params: URLSearchParams): boolean {
  for (const name of params.keys()) if (!NON_FILTER_PARAMS.includes(name as "range")) return true;
  return false;
}

export function SpanFilters() {
  const [params, update] = useSearchParams();
  const [showMore, setShowMore] = useState(() => MORE_FILTERS.some((f) => params.has(f.name)));
  const set = (name: string, value: string) =>
    update((p) => {
      if (value) p.set(name, value);
      else p.delete(name);
    });
  const tags = params.getAll("tag");
  const metadata = [...params.keys()].filter((name) => name.startsWith("metadata."));

  return (
    <section className="filters" aria-label="Filters">
      <div className="filters-row">
        <CommitInput
          label="Search prompts and completions"
          fieldClassName="field-grow"
          type="search"
          value={params.get("q") ?? ""}
          onCommit={(value) => set("q", value)}
          placeholder="Text in a prompt or completion…"
        />
        <RangeSelect value={params.get("range") ?? ""} onChange={(value) => set("range", value)} />
      </div>
      <div className="filters-row">
        {TEXT_FILTERS.map((filter) => (
          <CommitInput
            key={filter.name}
            label={filter.label}
            value={params.get(filter.name) ?? ""}
            onCommit={(value) => set(filter.name, value)}
          />
        ))}
        <CommitInput
          label="Tag"
          value=""
          placeholder={tags.length ? "Add another tag" : "e.g. web"}
          onCommit={(value) =>
            value && !tags.includes(value) ? update((p) => p.append("tag", value)) : undefined
          }
        />
        <CommitInput
          label="Metadata"
          value=""
          placeholder="key=value"
          onCommit={(value) => {
            const at = value.indexOf("=");
            if (at > 0)
              update((p) => p.set(`metadata.${value.slice(0, at).trim()}`, value.slice(at + 1).trim()));
          }}
        />
        <label className="field">
          <span>Status</span>
          <select value={params.get("status") ?? ""} onChange={(event) => set("status", event.target.value)}>
            <option value="">Any</option>
            <option value="OK">OK</option>
            <option value="ERROR">Error</option>
          </select>
        </label>
        <label className="field">
          <span>Kind</span>
          <select value={params.get("kind") ?? ""} onChange={(event) => set("kind", event.target.value)}>
            <option value="">Any</option>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Cost</span>
          <select
            value={params.get("cost_status") ?? ""}
            onChange={(event) => set("cost_status", event.target.value)}
          >
            <option value="">Any</option>
            <option value="unpriced">Unpriced</option>
            <option value="computed">Price table</option>
            <option value="provider">Provider-reported</option>
            <option value="no_usage">No usage</option>
          </select>
        </label>
        <button
          type="button"
          className="button button-ghost"
          aria-expanded={showMore}
          onClick={() => setShowMore(!showMore)}
        >
          {showMore ? "Fewer filters" : "More filters"}
        </button>
      </div>
      {showMore ? (
        <div className="filters-row">
          {MORE_FILTERS.map((filter) => (
            <CommitInput
              key={filter.name}
              label={filter.label}
              value={params.get(filter.name) ?? ""}
              onCommit={(value) => set(filter.name, value)}
            />
          ))}
        </div>
      ) : null}
      {tags.length + metadata.length > 0 || hasActiveFilters(params) ? (
        <ul className="chips" aria-label="Active filters">
          {tags.map((tag) => (
            <li key={`tag-${tag}`}>
              <button
                type="button"
                className="chip"
                aria-label={`Remove tag filter ${tag}`}
                onClick={() =>
                  update((p) => {
                    const rest = p.getAll("tag").filter((t) => t !== tag);
                    p.delete("tag");
                    for (const t of rest) p.append("tag", t);
                  })
                }
              >
                tag: {tag} ×
              </button>
            </li>
          ))}
          {metadata.map((name) => (
            <li key={name}>
              <button
                type="button"
                className="chip"
                aria-label={`Remove filter ${name}`}
                onClick={() => update((p) => p.delete(name))}
              >
                {name.slice("metadata.".length)} = {params.get(name)} ×
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className="button button-ghost"
              onClick={() =>
                update((p) => {
                  for (const name of [...p.keys()]) if (name !== "range") p.delete(name);
                })
              }
            >
              Clear filters
            </button>
          </li>
        </ul>
      ) : null}
    </section>
  );
}
