/**
 * Everything about one call: conversation, tokens and cost with the price source, timings,
 * metadata and tags, the raw attributes behind a toggle, and copy-as-JSON.
 */
import { useState } from "react";
import type { Span } from "../../api/types.js";
import { Conversation } from "../../components/conversation.js";
import { CopyButton } from "../../components/copy-button.js";
import { CostValue } from "../../components/cost-value.js";
import { JsonView } from "../../components/json-view.js";
import { StatusBadge } from "../../components/status-badge.js";
import { formatInteger, formatMs, formatUsd } from "../../format/format-number.js";
import { formatFullTime } from "../../format/format-time.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";

const PRICE_SOURCES: Record<string, string> = {
  provider: "Reported by the provider",
  computed: "Price table",
  unpriced: "Unpriced: unknown model",
  no_usage: "No token counts reported",
};

function priceSource(span: Span): string {
  if (span.cost_status === "computed" && span.price_ref?.startsWith("override:"))
    return "Your price override";
  return PRICE_SOURCES[span.cost_status] ?? span.cost_status;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function SpanDetail({ span }: { span: Span }) {
  const [showRaw, setShowRaw] = useState(false);
  const metadata = Object.entries(span.metadata ?? {});
  return (
    <article className="span-detail" aria-labelledby="span-title">
      <header className="span-header">
        <div>
          <h2 id="span-title">
            {span.name} {span.model ? <span className="muted">· {span.model}</span> : null}
          </h2>
          <p className="muted">
            {span.kind} · {span.provider ?? "unknown provider"}
            {span.upstream_provider ? ` via ${span.upstream_provider}` : ""} ·{" "}
            {formatFullTime(span.start_time)}
          </p>
        </div>
        <div className="page-actions">
          <StatusBadge status={span.status} />
          <CopyButton text={() => JSON.stringify(span, null, 2)} label="Copy as JSON" />
        </div>
      </header>
      {span.status === "ERROR" ? (
        <div className="state state-error" role="note">
          <strong>{span.error_type ?? "Error"}</strong>
          <span>{span.error_message ?? "No error message recorded."}</span>
        </div>
      ) : null}

      <section aria-labelledby="conversation-title">
        <h3 id="conversation-title">Conversation</h3>
        <Conversation span={span} />
      </section>

      <div className="detail-grid">
        <section aria-labelledby="usage-title">
          <h3 id="usage-title">Tokens and cost</h3>
          <dl className="facts">
            <Fact label="Input">{formatInteger(span.input_tokens)}</Fact>
            <Fact label="Cache read">{formatInteger(span.cache_read_tokens)}</Fact>
            <Fact label="Cache write">{formatInteger(span.cache_write_tokens)}</Fact>
            <Fact label="Output">{formatInteger(span.output_tokens)}</Fact>
            <Fact label="Reasoning">{formatInteger(span.reasoning_tokens)}</Fact>
            <Fact label="Total">{formatInteger(span.total_tokens)}</Fact>
            <Fact label="Input cost">{formatUsd(span.input_cost_usd)}</Fact>
            <Fact label="Output cost">{formatUsd(span.output_cost_usd)}</Fact>
            <Fact label="Cost">
              <CostValue cost={span.cost_usd} status={span.cost_status} />
            </Fact>
            <Fact label="Price source">
              <span data-testid="price-source">{priceSource(span)}</span>
              {span.price_ref ? <code className="price-ref">{span.price_ref}</code> : null}
              {span.cost_status === "unpriced" ? (
                <>
                  {" "}
                  <Link to={paths.settings("prices")}>Add a price</Link>
                </>
              ) : null}
            </Fact>
          </dl>
        </section>
        <section aria-labelledby="timings-title">
          <h3 id="timings-title">Timings</h3>
          <dl className="facts">
            <Fact label="Duration">{formatMs(span.duration_ms)}</Fact>
            <Fact label="Time to first token">{formatMs(span.time_to_first_token_ms)}</Fact>
            <Fact label="Streaming">{span.is_streaming ? "yes" : "no"}</Fact>
            <Fact label="Started">{formatFullTime(span.start_time)}</Fact>
            <Fact label="Ended">{formatFullTime(span.end_time)}</Fact>
            <Fact label="Finish">{span.finish_reasons.join(", ") || "—"}</Fact>
          </dl>
        </section>
        <section aria-labelledby="context-title">
          <h3 id="context-title">Context</h3>
          <dl className="facts">
            <Fact label="Config key">
              <Link to={paths.traces(`config_key=${encodeURIComponent(span.config_key)}`)}>
                {span.config_key}
              </Link>
            </Fact>
            <Fact label="Session">
              {span.session_id ? <Link to={paths.session(span.session_id)}>{span.session_id}</Link> : "—"}
            </Fact>
            <Fact label="Customer">
              {span.customer_id ? <Link to={paths.customer(span.customer_id)}>{span.customer_id}</Link> : "—"}
            </Fact>
            <Fact label="Prompt">
              {span.prompt_key ? `${span.prompt_key} v${span.prompt_version ?? "?"}` : "—"}
              {span.prompt_variant_index !== null ? ` (variant ${span.prompt_variant_index})` : ""}
            </Fact>
            <Fact label="Tags">
              <span className="tags">
                {span.tags.length === 0
                  ? "—"
                  : span.tags.map((tag) => (
                      <span className="tag" key={tag}>
                        {tag}
                      </span>
                    ))}
              </span>
            </Fact>
            {metadata.map(([key, value]) => (
              <Fact key={key} label={key}>
                {String(value)}
              </Fact>
            ))}
          </dl>
        </section>
      </div>

      {Object.keys(span.request_params ?? {}).length > 0 ? (
        <section aria-labelledby="params-title">
          <h3 id="params-title">Request parameters</h3>
          <JsonView value={span.request_params} />
        </section>
      ) : null}
      {span.tool_definitions && span.tool_definitions.length > 0 ? (
        <details>
          <summary>Tool definitions ({span.tool_definitions.length})</summary>
          <JsonView value={span.tool_definitions} />
        </details>
      ) : null}

      <section>
        <button type="button" className="button" aria-expanded={showRaw} onClick={() => setShowRaw(!showRaw)}>
          {showRaw ? "Hide raw attributes" : "Show raw attributes"}
        </button>
        {showRaw ? (
          <div className="raw">
            <h4>Attributes</h4>
            <JsonView value={span.attributes} label="Raw attributes" />
            <h4>Resource</h4>
            <JsonView value={span.resource} />
            {span.events.length > 0 ? (
              <>
                <h4>Events</h4>
                <JsonView value={span.events} />
              </>
            ) : null}
            {span.raw_request !== undefined && span.raw_request !== null ? (
              <>
                <h4>Raw request</h4>
                <JsonView value={span.raw_request} />
              </>
            ) : null}
            {span.raw_response !== undefined && span.raw_response !== null ? (
              <>
                <h4>Raw response</h4>
                <JsonView value={span.raw_response} />
              </>
            ) : null}
          </div>
        ) : null}
      </section>
    </article>
  );
}
