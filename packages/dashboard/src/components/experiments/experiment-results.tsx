/**
 * Results of a model config or prompt A/B test (SPEC §7.6): the plain-language verdict first,
 * the sample-ratio warning when assignment does not follow the weights, then one column per
 * variant with every metric's 95 % interval as a range and its change against variant A, and
 * the assignment counts against the configured weights.
 */
import type { ReactNode } from "react";
import { formatInteger, formatPercent } from "../../format/format-number.js";
import type {
  ExperimentResult,
  RateDifference,
  RelativeDifference,
  VariantResult,
} from "../../pages/experiments/experiment-types.js";
import { metricRows } from "./metric-rows.js";

function ComparisonNote({
  difference,
  against,
}: {
  difference: RelativeDifference | RateDifference | null;
  against: string;
}) {
  if (!difference) return <span className="muted comparison">vs {against}: not enough data</span>;
  const isRate = "difference" in difference;
  const change = isRate ? difference.difference : difference.relative_change;
  const half = ((difference.ci_high - difference.ci_low) / 2) * 100;
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const unit = isRate ? " pts" : " %";
  return (
    <span
      className={difference.significant ? "comparison comparison-significant" : "comparison muted"}
      title={`95 % interval ${(difference.ci_low * 100).toFixed(1)} to ${(difference.ci_high * 100).toFixed(1)}${unit}`}
    >
      vs {against}: {sign}
      {Math.abs(change * 100).toFixed(1)}
      {unit} ± {half.toFixed(1)}
      {unit}
      {difference.significant ? "" : " (not significant)"}
    </span>
  );
}

const columnKey = (variant: VariantResult) =>
  variant.variant_index === null ? "other" : String(variant.variant_index);

export function ExperimentResults({
  result,
  describeVariant,
  sessionsNote,
  sessionsHint,
}: {
  result: ExperimentResult;
  /** The variant's model or prompt, under its letter. */
  describeVariant: (variant: VariantResult) => ReactNode;
  /** What the assignment counts are (assigned under the current version, or sessions with calls). */
  sessionsNote: string;
  /** Under "Sessions": what a session of a variant is. */
  sessionsHint: string;
}) {
  const rows = metricRows(result, sessionsHint);
  const comparisonOf = (variant: VariantResult) =>
    result.comparisons.find((comparison) => comparison.variant_index === variant.variant_index);
  const configured = result.variants.filter((variant) => variant.variant_index !== null);
  const ratio = result.sample_ratio;
  const totalObserved = ratio.observed.reduce((sum, count) => sum + count, 0);
  return (
    <div className="experiment-results">
      <section className="card verdict-card" aria-labelledby="verdict-title">
        <h2 id="verdict-title">Verdict</h2>
        <p className="verdict" data-testid="verdict">
          {result.verdict || "Not enough data yet: send traffic through the SDK to compare the variants."}
        </p>
        {result.comparisons.length > 1 ? (
          <ul className="list">
            {result.comparisons.map((comparison) => (
              <li key={comparison.variant_index}>{comparison.verdict}</li>
            ))}
          </ul>
        ) : null}
        <p className="muted">
          Intervals are 95 %. Each variant is compared with variant A; a change is called out only when its
          interval excludes zero.
        </p>
      </section>
      {ratio.mismatch ? (
        <p className="notice notice-danger" role="alert" data-testid="sample-ratio-warning">
          <strong>Sample ratio mismatch.</strong> {ratio.message}
        </p>
      ) : null}
      {result.calls_truncated ? (
        <p className="notice">
          Only the newest 200,000 calls are counted; narrow the time range for exact numbers.
        </p>
      ) : null}

      <section className="card" aria-labelledby="per-variant-title">
        <h2 id="per-variant-title">Per variant</h2>
        <div className="table-wrap">
          <table className="table results-table" data-testid="experiment-results">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                {result.variants.map((variant) => (
                  <th key={columnKey(variant)} scope="col" data-variant={columnKey(variant)}>
                    <span className="variant-head">
                      <span className="variant-letter">
                        {variant.variant_index === null ? "–" : variant.label}
                      </span>
                      <span>
                        {describeVariant(variant)}
                        <span className="muted variant-weight">
                          {variant.weight === null ? variant.label : `weight ${variant.weight} %`}
                        </span>
                      </span>
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-metric={row.id}>
                  <th scope="row">
                    {row.label}
                    {row.hint ? <span className="muted metric-hint">{row.hint}</span> : null}
                  </th>
                  {result.variants.map((variant) => {
                    const cell = row.cell(variant);
                    const comparison = row.compare ? comparisonOf(variant) : undefined;
                    const hasInterval = cell.low !== undefined;
                    return (
                      <td
                        key={columnKey(variant)}
                        data-variant={columnKey(variant)}
                        data-value={cell.value === null ? "" : String(cell.value)}
                        {...(hasInterval
                          ? {
                              "data-ci-low": cell.low === null ? "" : String(cell.low),
                              "data-ci-high": cell.high === null ? "" : String(cell.high),
                            }
                          : {})}
                      >
                        <span className="metric-value">{cell.text}</span>
                        {hasInterval ? (
                          <span className="ci">
                            {cell.low === null ||
                            cell.high === null ||
                            cell.low === undefined ||
                            cell.high === undefined
                              ? "no interval (< 2 values)"
                              : `95 % CI ${row.format(cell.low)} – ${row.format(cell.high)}`}
                          </span>
                        ) : null}
                        {cell.extra ? <span className="muted metric-extra">{cell.extra}</span> : null}
                        {row.compare && comparison ? (
                          <ComparisonNote difference={row.compare(comparison)} against={comparison.against} />
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="assignment-title">
        <h2 id="assignment-title">Assignment vs weights</h2>
        <p className="muted">{sessionsNote}</p>
        <div className="table-wrap">
          <table className="table" data-testid="assignments">
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col" className="num">
                  Weight
                </th>
                <th scope="col" className="num">
                  Expected share
                </th>
                <th scope="col" className="num">
                  Sessions
                </th>
                <th scope="col" className="num">
                  Expected
                </th>
                <th scope="col" className="num">
                  Actual share
                </th>
                <th scope="col">Split</th>
              </tr>
            </thead>
            <tbody>
              {configured.map((variant, position) => {
                const observed = ratio.observed[position] ?? 0;
                const share = ratio.expected_shares[position] ?? 0;
                const actual = totalObserved > 0 ? observed / totalObserved : null;
                return (
                  <tr key={columnKey(variant)} data-variant={columnKey(variant)}>
                    <td>
                      <span className="variant-letter">{variant.label}</span> {describeVariant(variant)}
                    </td>
                    <td className="num">{variant.weight === null ? "—" : `${variant.weight} %`}</td>
                    <td className="num">{formatPercent(share)}</td>
                    <td className="num" data-field="observed" data-value={observed}>
                      {formatInteger(observed)}
                    </td>
                    <td className="num">{(ratio.expected[position] ?? 0).toFixed(1)}</td>
                    <td className="num">{formatPercent(actual)}</td>
                    <td className="split-cell">
                      <span className="split-bar" aria-hidden="true">
                        <span className="split-expected" style={{ width: `${share * 100}%` }} />
                        <span className="split-actual" style={{ width: `${(actual ?? 0) * 100}%` }} />
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className={ratio.mismatch ? "form-error" : "muted"} data-testid="sample-ratio">
          {ratio.message}
        </p>
      </section>
    </div>
  );
}
