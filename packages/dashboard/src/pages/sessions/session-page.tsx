/**
 * `/observability/sessions/{id}`: the conversation replayed call by call, oldest first. Each call
 * shows only the messages that are new since the previous call (the rest of its prompt is the
 * history already shown above), then its answer.
 */
import type { Span } from "../../api/types.js";
import { Conversation } from "../../components/conversation.js";
import { CostValue } from "../../components/cost-value.js";
import { JsonView } from "../../components/json-view.js";
import { LoadMore } from "../../components/load-more.js";
import { ErrorState, Loading } from "../../components/states.js";
import { StatusBadge } from "../../components/status-badge.js";
import { formatInteger, formatMs } from "../../format/format-number.js";
import { formatFullTime } from "../../format/format-time.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";
import { useSessionDetail } from "./use-session-detail.js";

/**
 * How many of `call`'s input messages the previous call already showed (its inputs plus its
 * outputs), when the prompt continues the same conversation; 0 otherwise.
 */
export function sharedPrefix(previous: Span | undefined, call: Span): number {
  if (!previous) return 0;
  const shown = [...(previous.input_messages ?? []), ...(previous.output_messages ?? [])];
  const inputs = call.input_messages ?? [];
  let count = 0;
  while (count < shown.length && count < inputs.length) {
    if (JSON.stringify(shown[count]?.parts) !== JSON.stringify(inputs[count]?.parts)) break;
    count++;
  }
  return count === shown.length ? count : 0;
}

export function SessionPage({ sessionId }: { sessionId: string }) {
  const session = useSessionDetail(sessionId);
  if (session.isPending) return <Loading label="Loading session…" />;
  if (session.error || !session.detail)
    return <ErrorState error={session.error} onRetry={() => session.refetch()} />;
  const data = session.detail;
  const calls = session.calls;
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={paths.sessions()}>Sessions</Link> / <span>{sessionId}</span>
      </nav>
      <div className="page-header">
        <h1>Session {sessionId}</h1>
        <Link className="button" to={paths.traces(`session_id=${encodeURIComponent(sessionId)}`)}>
          Show calls in traces
        </Link>
      </div>
      <dl className="summary">
        <div>
          <dt>Customer</dt>
          <dd>
            {data.customer_id ? <Link to={paths.customer(data.customer_id)}>{data.customer_id}</Link> : "—"}
          </dd>
        </div>
        <div>
          <dt>Calls</dt>
          <dd>{formatInteger(data.llm_calls)}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>{formatInteger(data.errors)}</dd>
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
        <div>
          <dt>Duration</dt>
          <dd>{formatMs(data.duration_ms)}</dd>
        </div>
      </dl>
      {data.custom_metrics.length > 0 ? (
        <section aria-labelledby="custom-metrics-title">
          <h2 id="custom-metrics-title">Custom metrics</h2>
          <JsonView value={Object.assign({}, ...data.custom_metrics.map((metric) => metric.data))} />
        </section>
      ) : null}
      <ol className="replay" aria-label="Calls in order">
        {calls.map((call, index) => (
          <li key={call.span_id} className="replay-call" data-testid="replay-call">
            <header className="replay-head">
              <Link to={paths.trace(call.trace_id, call.span_id)}>
                Call {index + 1} · {call.model ?? call.name}
              </Link>
              <span className="muted">
                {formatFullTime(call.start_time)} · {formatMs(call.duration_ms)} ·{" "}
                {formatInteger(call.input_tokens)} in / {formatInteger(call.output_tokens)} out ·{" "}
              </span>
              <CostValue cost={call.cost_usd} status={call.cost_status} />
              <StatusBadge status={call.status} title={call.error_message} />
            </header>
            <Conversation span={call} inputFrom={sharedPrefix(calls[index - 1], call)} />
          </li>
        ))}
      </ol>
      {session.hasMore ? (
        <>
          <p className="muted">
            Showing the first {formatInteger(calls.length)} of {formatInteger(data.llm_calls)} calls.
          </p>
          <LoadMore hasMore={session.hasMore} loading={session.isLoadingMore} onLoad={session.loadMore} />
        </>
      ) : null}
    </div>
  );
}
