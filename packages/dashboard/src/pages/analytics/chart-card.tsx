/**
 * One chart with the same numbers as a table under it (the table is what screen readers and
 * people comparing exact values use).
 */
import type { ChartSeries } from "../../components/charts/time-chart.js";
import { TimeChart } from "../../components/charts/time-chart.js";

export function ChartCard({
  id,
  title,
  xs,
  labels,
  series,
  format,
  note,
}: {
  id: string;
  title: string;
  /** Bucket starts in seconds. */
  xs: number[];
  /** Bucket labels as the API names them (`2026-11-20`, `2026-11-20T10:00:00Z`). */
  labels: string[];
  series: ChartSeries[];
  format: (value: number) => string;
  note?: string;
}) {
  // Newest bucket first, and only buckets with something in them.
  const rowIndexes = labels
    .map((_, index) => index)
    .filter((index) => series.some((s) => s.values[index] !== null && s.values[index] !== 0))
    .reverse();
  return (
    <section className="card chart-card" aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {note ? <p className="muted">{note}</p> : null}
      <TimeChart xs={xs} series={series} format={format} label={title} />
      <details className="chart-table" open={rowIndexes.length <= 8}>
        <summary>Table ({rowIndexes.length} buckets)</summary>
        <div className="table-wrap table-scroll">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Bucket (UTC)</th>
                {series.map((s) => (
                  <th scope="col" className="num" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rowIndexes.map((index) => (
                <tr key={labels[index]} data-bucket={labels[index]}>
                  <th scope="row">{labels[index]}</th>
                  {series.map((s) => {
                    const value = s.values[index] ?? null;
                    return (
                      <td className="num" key={s.label} data-series={s.label} data-value={value ?? ""}>
                        {value === null ? "—" : format(value)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
