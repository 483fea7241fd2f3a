/**
 * `/observability/traces/{trace_id}?span=<id>`: the trace's waterfall (when it has several
 * spans) and the selected call in full.
 */
import type { TraceDetail } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { CostValue } from "../../components/cost-value.js";
import { ErrorState, Loading } from "../../components/states.js";
import { StatusBadge } from "../../components/status-badge.js";
import { formatInteger, formatMs } from "../../format/format-number.js";
import { formatFullTime } from "../../format/format-time.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";
import { useSearchParam } from "../../router/use-search-params.js";
import { SpanDetail } from "./span-detail.js";
import { Waterfall } from "./waterfall.js";

const LLM_KINDS = new Set(["llm", "embedding"]);

export function TracePage({ traceId }: { traceId: string }) {
  const trace = useApi<TraceDetail>(`/api/v1/traces/${encodeURIComponent(traceId)}?include=content`);
  const [spanParam, setSpan] = useSearchParam("span", "");
  if (trace.isPending) return <Loading label="Loading trace…" />;
  if (trace.error) return <ErrorState error={trace.error} onRetry={() => trace.refetch()} />;
  const data = trace.data;
  const selected =
    data.spans.find((span) => span.span_id === spanParam) ??
    data.spans.find((span) => LLM_KINDS.has(span.kind)) ??
    data.spans[0];
  return (
    <div className="page page-wide">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={paths.traces()}>Traces</Link> / <span>{traceId}</span>
      </nav>
      <div className="page-header">
        <h1>{data.root_name}</h1>
        <StatusBadge status={data.status} />
      </div>
      <dl className="summary">
        <div>
          <dt>Started</dt>
          <dd>{formatFullTime(data.start_time)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatMs(data.duration_ms)}</dd>
        </div>
        <div>
          <dt>Spans</dt>
          <dd>{data.span_count}</dd>
        </div>
        <div>
          <dt>LLM calls</dt>
          <dd>{data.llm_calls}</dd>
        </div>
        <div>
          <dt>Tokens in / out</dt>
          <dd>
            {formatInteger(data.input_tokens)} / {formatInteger(data.output_tokens)}
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>
            <CostValue cost={data.cost_usd} unpricedCalls={data.unpriced_calls} />
          </dd>
        </div>
      </dl>
      <div className={data.spans.length > 1 ? "trace-layout" : ""}>
        {data.spans.length > 1 ? (
          <section aria-label="Spans">
            <Waterfall
              spans={data.spans}
              selectedId={selected?.span_id ?? null}
              onSelect={(id) => setSpan(id, { replace: true })}
            />
          </section>
        ) : null}
        {selected ? <SpanDetail span={selected} /> : <p>This trace has no spans.</p>}
      </div>
    </div>
  );
}
