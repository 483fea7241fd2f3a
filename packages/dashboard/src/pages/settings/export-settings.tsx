/**
 * `/settings/export`: download spans as JSONL or CSV for a time range and the common filters.
 * The traces page has the same buttons for whatever filter is on screen.
 */
import { useState } from "react";
import { withProjectParam } from "../../api/api-fetch.js";
import { RangeSelect } from "../../components/range-select.js";
import { toApiQuery } from "../../format/time-range.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";

export function ExportSettings() {
  const [range, setRange] = useState("7d");
  const [customer, setCustomer] = useState("");
  const [configKey, setConfigKey] = useState("");
  const href = (format: string) => {
    const params = new URLSearchParams({
      ...(range ? { range } : {}),
      customer_id: customer,
      config_key: configKey,
    });
    const query = toApiQuery(params);
    return withProjectParam(`/api/v1/spans/export?format=${format}${query ? `&${query}` : ""}`);
  };
  return (
    <section className="card form">
      <h2>Export calls</h2>
      <p className="muted">
        Every matching call (without prompt and completion content in CSV). For any other filter, set it on
        the <Link to={paths.traces()}>traces page</Link> and use its export buttons.
      </p>
      <div className="filters-row">
        <RangeSelect value={range} onChange={setRange} />
        <label className="field">
          <span>Customer</span>
          <input value={customer} onChange={(e) => setCustomer(e.target.value)} />
        </label>
        <label className="field">
          <span>Config key</span>
          <input value={configKey} onChange={(e) => setConfigKey(e.target.value)} />
        </label>
      </div>
      <div className="page-actions">
        <a className="button button-primary" href={href("jsonl")} download>
          Download JSONL
        </a>
        <a className="button" href={href("csv")} download>
          Download CSV
        </a>
      </div>
    </section>
  );
}
