/**
 * The span waterfall of a trace: one row per span in tree order, a bar placed by start time and
 * sized by duration. Rows are buttons, so the keyboard can select a span.
 */
import type { Span } from "../../api/types.js";
import { formatMs } from "../../format/format-number.js";

interface Row {
  span: Span;
  depth: number;
}

/** Depth-first order under each parent, siblings by start time; orphans become roots. */
export function toTreeRows(spans: Span[]): Row[] {
  const ids = new Set(spans.map((span) => span.span_id));
  const children = new Map<string | null, Span[]>();
  for (const span of spans) {
    const parent = span.parent_span_id && ids.has(span.parent_span_id) ? span.parent_span_id : null;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  const rows: Row[] = [];
  const visit = (parent: string | null, depth: number) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.start_time.localeCompare(b.start_time));
    for (const span of list) {
      rows.push({ span, depth });
      visit(span.span_id, depth + 1);
    }
  };
  visit(null, 0);
  return rows;
}

export function Waterfall({
  spans,
  selectedId,
  onSelect,
}: {
  spans: Span[];
  selectedId: string | null;
  onSelect: (spanId: string) => void;
}) {
  const rows = toTreeRows(spans);
  const start = Math.min(...spans.map((span) => Date.parse(span.start_time)));
  const end = Math.max(
    ...spans.map((span) => Date.parse(span.end_time ?? span.start_time) || Date.parse(span.start_time)),
  );
  const total = Math.max(end - start, 1);
  return (
    <ol className="waterfall" aria-label="Span waterfall">
      {rows.map(({ span, depth }) => {
        const offset = ((Date.parse(span.start_time) - start) / total) * 100;
        const width = Math.max(((span.duration_ms ?? 0) / total) * 100, 0.5);
        return (
          <li key={span.span_id}>
            <button
              type="button"
              className={`waterfall-row${span.span_id === selectedId ? " selected" : ""}`}
              aria-pressed={span.span_id === selectedId}
              onClick={() => onSelect(span.span_id)}
            >
              <span className="waterfall-name" style={{ paddingLeft: `${depth * 14}px` }}>
                <span className={`kind kind-${span.kind}`}>{span.kind}</span> {span.name}
                {span.model ? <span className="muted"> · {span.model}</span> : null}
              </span>
              <span className="waterfall-track" aria-hidden="true">
                <span
                  className={`waterfall-bar${span.status === "ERROR" ? " error" : ""}`}
                  style={{ left: `${Math.min(offset, 99.5)}%`, width: `${Math.min(width, 100 - offset)}%` }}
                />
              </span>
              <span className="waterfall-ms">{formatMs(span.duration_ms)}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
