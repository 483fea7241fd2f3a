/** Session rollups as a table (sessions page, customer page). */
import type { SessionSummary } from "../../api/types.js";
import { CostValue } from "../../components/cost-value.js";
import { formatInteger, formatMs } from "../../format/format-number.js";
import { formatFullTime, formatTime } from "../../format/format-time.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";
import { navigate } from "../../router/navigation.js";

export function SessionsTable({
  rows,
  showCustomer = true,
}: {
  rows: SessionSummary[];
  showCustomer?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="sessions-table">
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Config key</th>
            {showCustomer ? <th scope="col">Customer</th> : null}
            <th scope="col" className="num">
              Calls
            </th>
            <th scope="col" className="num">
              Errors
            </th>
            <th scope="col" className="num">
              Tokens in / out
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((session) => {
            const to = paths.session(session.session_id);
            return (
              <tr
                key={session.session_id}
                className="row-link"
                onClick={(event) => {
                  if (!(event.target as HTMLElement).closest("a,button")) navigate(to);
                }}
              >
                <td className="truncate">
                  <Link to={to}>{session.session_id}</Link>
                </td>
                <td>{session.config_key ?? "—"}</td>
                {showCustomer ? (
                  <td className="truncate">
                    {session.customer_id ? (
                      <Link to={paths.customer(session.customer_id)}>{session.customer_id}</Link>
                    ) : (
                      "—"
                    )}
                  </td>
                ) : null}
                <td className="num">{formatInteger(session.llm_calls)}</td>
                <td className="num">{formatInteger(session.errors)}</td>
                <td className="num">
                  {formatInteger(session.input_tokens)} / {formatInteger(session.output_tokens)}
                </td>
                <td className="num">
                  <CostValue cost={session.cost_usd} unpricedCalls={session.unpriced_calls} />
                </td>
                <td className="num">{formatMs(session.duration_ms)}</td>
                <td title={formatFullTime(session.last_activity)}>{formatTime(session.last_activity)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
