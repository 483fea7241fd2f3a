/** Calls, errors, tokens and cost per model / config key / customer (one `/metrics` grouping). */
import type { MetricRow } from "../../api/types.js";
import { CostValue } from "../../components/cost-value.js";
import { formatInteger } from "../../format/format-number.js";

export function GroupTable({
  id,
  title,
  rows,
  groupLabel,
}: {
  id: string;
  title: string;
  rows: MetricRow[];
  groupLabel: string;
}) {
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={`group-${id}`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="table-wrap">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{groupLabel}</th>
              <th scope="col" className="num">
                Calls
              </th>
              <th scope="col" className="num">
                Errors
              </th>
              <th scope="col" className="num">
                Tokens in
              </th>
              <th scope="col" className="num">
                Tokens out
              </th>
              <th scope="col" className="num">
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row.group)} data-group={String(row.group ?? "")}>
                <th scope="row">
                  {row.group === null ? <span className="muted">(none)</span> : String(row.group)}
                </th>
                <td className="num" data-field="count">
                  {formatInteger(row.count)}
                </td>
                <td className="num" data-field="errors">
                  {formatInteger(row.errors)}
                </td>
                <td className="num">{formatInteger(row.input_tokens)}</td>
                <td className="num">{formatInteger(row.output_tokens)}</td>
                <td className="num" data-field="cost" data-value={row.cost_usd ?? ""}>
                  <CostValue cost={row.cost_usd} unpricedCalls={row.unpriced_count} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
