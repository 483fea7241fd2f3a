/**
 * A uPlot line chart over time buckets, sized to its container and coloured from the theme's
 * CSS variables. Only the chart pages import this file, so uPlot stays out of the first load.
 */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

const PALETTE = ["#4f7cff", "#e5683c", "#2fa37a", "#b25bd6", "#d4a017", "#3bb3c3", "#d14d72"];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function TimeChart({
  xs,
  series,
  format = (value) => String(value),
  height = 220,
  label,
}: {
  /** Bucket starts, seconds since the epoch. */
  xs: number[];
  series: ChartSeries[];
  format?: (value: number) => string;
  height?: number;
  label: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const drawnBefore = useRef(false);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let plot: uPlot | undefined;
    let resize: ResizeObserver | undefined;
    const draw = () => {
      const text = cssVar("--text-muted", "#667");
      const grid = cssVar("--border", "#ddd");
      const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
      const drawn = new uPlot(
        {
          width: Math.max(element.clientWidth, 200),
          height,
          series: [
            {},
            ...series.map((s, index) => ({
              label: s.label,
              stroke: PALETTE[index % PALETTE.length] ?? "#4f7cff",
              width: 2,
              value: (_: uPlot, value: number | null) => (value === null ? "—" : format(value)),
              spanGaps: false,
              points: { show: xs.length < 60 },
            })),
          ],
          axes: [axis, { ...axis, size: 70, values: (_: uPlot, ticks: number[]) => ticks.map(format) }],
          scales: { x: { time: true } },
          legend: { live: true },
        },
        [xs, ...series.map((s) => s.values)] as uPlot.AlignedData,
        element,
      );
      plot = drawn;
      resize = new ResizeObserver(() => drawn.setSize({ width: Math.max(element.clientWidth, 200), height }));
      resize.observe(element);
      drawnBefore.current = true;
    };
    // The first drawing waits one task, so the page (and the tables under the charts) can paint
    // before a page of charts is laid out one by one; redrawing new data happens at once, so a
    // live chart never blanks for a frame.
    const timer = drawnBefore.current ? undefined : setTimeout(draw, 0);
    if (timer === undefined) draw();
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      resize?.disconnect();
      plot?.destroy();
    };
  }, [xs, series, format, height]);
  return (
    <div ref={container} className="chart" role="img" aria-label={label} style={{ minHeight: height }} />
  );
}
