/** `/observability/customers`: customers sortable by cost, calls, errors or last activity. */
import type { CustomerSummary } from "../../api/types.js";
import { usePagedList } from "../../api/use-paged-list.js";
import { CostValue } from "../../components/cost-value.js";
import { LoadMore } from "../../components/load-more.js";
import { Empty, ErrorState, Loading } from "../../components/states.js";
import { formatInteger } from "../../format/format-number.js";
import { formatFullTime, formatTime } from "../../format/format-time.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";
import { navigate } from "../../router/navigation.js";
import { useSearchParam } from "../../router/use-search-params.js";

const SORTS = [
  { value: "cost", label: "Cost" },
  { value: "calls", label: "Calls" },
  { value: "errors", label: "Errors" },
  { value: "last_activity", label: "Last activity" },
] as const;

function SortHeader({
  value,
  label,
  current,
  onSort,
}: {
  value: string;
  label: string;
  current: string;
  onSort: (v: string) => void;
}) {
  const active = value === current;
  return (
    <th scope="col" className="num" aria-sort={active ? "descending" : "none"}>
      <button type="button" className="sort-button" onClick={() => onSort(value)}>
        {label} {active ? "↓" : ""}
      </button>
    </th>
  );
}

export function CustomersPage() {
  const [sort, setSort] = useSearchParam("sort", "cost");
  const list = usePagedList<CustomerSummary>("/api/v1/customers", `sort=${encodeURIComponent(sort)}`);
  return (
    <div className="page page-wide">
      <div className="page-header">
        <h1>Customers</h1>
        <label className="field field-inline">
          <span>Sort by</span>
          <select value={sort} onChange={(event) => setSort(event.target.value)}>
            {SORTS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.isPending ? (
        <Loading label="Loading customers…" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.refetch} />
      ) : list.rows.length === 0 ? (
        <Empty title="No customers yet">
          <p>
            Pass <code>customerId</code> to <code>fallom.session()</code> to see cost and usage per customer.
          </p>
        </Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="customers-table">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <SortHeader value="calls" label="Calls" current={sort} onSort={setSort} />
                  <th scope="col" className="num">
                    Sessions
                  </th>
                  <SortHeader value="errors" label="Errors" current={sort} onSort={setSort} />
                  <th scope="col" className="num">
                    Tokens in / out
                  </th>
                  <SortHeader value="cost" label="Cost" current={sort} onSort={setSort} />
                  <th scope="col" aria-sort={sort === "last_activity" ? "descending" : "none"}>
                    <button type="button" className="sort-button" onClick={() => setSort("last_activity")}>
                      Last activity {sort === "last_activity" ? "↓" : ""}
                    </button>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((customer) => {
                  const to = paths.customer(customer.customer_id);
                  return (
                    <tr
                      key={customer.customer_id}
                      className="row-link"
                      data-customer={customer.customer_id}
                      onClick={(event) => {
                        if (!(event.target as HTMLElement).closest("a,button")) navigate(to);
                      }}
                    >
                      <td>
                        <Link to={to}>{customer.customer_id}</Link>
                      </td>
                      <td className="num">{formatInteger(customer.llm_calls)}</td>
                      <td className="num">{formatInteger(customer.sessions)}</td>
                      <td className="num">{formatInteger(customer.errors)}</td>
                      <td className="num">
                        {formatInteger(customer.input_tokens)} / {formatInteger(customer.output_tokens)}
                      </td>
                      <td className="num">
                        <CostValue cost={customer.cost_usd} unpricedCalls={customer.unpriced_calls} />
                      </td>
                      <td title={formatFullTime(customer.last_activity)}>
                        {formatTime(customer.last_activity)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <LoadMore hasMore={list.hasMore} loading={list.isLoadingMore} onLoad={list.loadMore} />
        </>
      )}
    </div>
  );
}
