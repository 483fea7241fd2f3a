/**
 * The call list: one row per span with the columns of issue 5 item 2. The time cell is the row's
 * link (keyboard users tab through links); clicking anywhere else on the row opens it too.
 */
import type { Span } from "../../api/types.js";
import { CostValue } from "../../components/cost-value.js";
import { StatusBadge } from "../../components/status-badge.js";
import { formatInteger, formatMs } from "../../format/format-number.js";
import { formatFullTime, formatTime } from "../../format/format-time.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";
import { navigate } from "../../router/navigation.js";

export function SpansTable({
  rows,
  freshIds,
  onFilter,
}: {
  rows: Span[];
  freshIds?: ReadonlySet<string>;
  /** Adds a filter when a customer, session, model or tag value is clicked. */
  onFilter?: (name: string, value: string) => void;
}) {
  const filterButton = (name: string, value: string | null) =>
    value === null ? (
      <span className="muted">—</span>
    ) : onFilter ? (
      <button
        type="button"
        className="link-button"
        title={`Show only ${name.replace("_id", "")} ${value}`}
        onClick={(event) => {
          event.stopPropagation();
          onFilter(name, value);
        }}
      >
        {value}
      </button>
    ) : (
      value
    );
  return (
    <div className="table-wrap">
      <table className="table table-spans" data-testid="spans-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Config key</th>
            <th scope="col">Session</th>
            <th scope="col">Customer</th>
            <th scope="col">Model</th>
            <th scope="col">Provider</th>
            <th scope="col" className="num">
              In
            </th>
            <th scope="col" className="num">
              Out
            </th>
            <th scope="col" className="num">
              Cached
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col" className="num">
              Latency
            </th>
            <th scope="col" className="num">
              TTFT
            </th>
            <th scope="col">Status</th>
            <th scope="col">Tags</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((span) => {
            const to = paths.trace(span.trace_id, span.span_id);
            return (
              <tr
                key={`${span.trace_id}/${span.span_id}`}
                className={freshIds?.has(span.span_id) ? "row-link row-new" : "row-link"}
                data-span-id={span.span_id}
                onClick={(event) => {
                  if ((event.target as HTMLElement).closest("a,button")) return;
                  navigate(to);
                }}
              >
                <td>
                  <Link to={to} title={formatFullTime(span.start_time)}>
                    <time dateTime={span.start_time}>{formatTime(span.start_time)}</time>
                  </Link>
                </td>
                <td>{filterButton("config_key", span.config_key)}</td>
                <td className="truncate">{filterButton("session_id", span.session_id)}</td>
                <td className="truncate">{filterButton("customer_id", span.customer_id)}</td>
                <td className="truncate">{filterButton("model", span.model)}</td>
                <td>{span.provider ?? <span className="muted">—</span>}</td>
                <td className="num">{formatInteger(span.input_tokens)}</td>
                <td className="num">{formatInteger(span.output_tokens)}</td>
                <td className="num">{formatInteger(span.cache_read_tokens)}</td>
                <td className="num">
                  <CostValue cost={span.cost_usd} status={span.cost_status} />
                </td>
                <td className="num">{formatMs(span.duration_ms)}</td>
                <td className="num">{formatMs(span.time_to_first_token_ms)}</td>
                <td>
                  <StatusBadge status={span.status} title={span.error_message} />
                </td>
                <td>
                  <span className="tags">
                    {span.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {onFilter ? filterButton("tag", tag) : tag}
                      </span>
                    ))}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
