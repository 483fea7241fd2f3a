/**
 * Number, money, duration and time formatting. Unknown values (null) always read "—", never 0.
 */

const integer = new Intl.NumberFormat("en-US");

/** @example formatInteger(12345) // "12,345"; formatInteger(null) // "—" */
export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : integer.format(value);
}

/**
 * USD with enough digits for sub-cent calls.
 *
 * @example formatUsd(0.00225) // "$0.00225"; formatUsd(12.5) // "$12.50"; formatUsd(null) // "—"
 */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (value === 0) return "$0";
  const abs = Math.abs(value);
  if (abs >= 1) return `$${value.toFixed(2)}`;
  if (abs >= 0.01) return `$${value.toFixed(4).replace(/0+$/, "").replace(/\.$/, "")}`;
  return `$${Number(value.toPrecision(3))}`.replace(/e-(\d+)$/, "e-$1");
}

/** @example formatMs(812) // "812 ms"; formatMs(1932) // "1.93 s" */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(2)} s`;
  return `${(value / 60_000).toFixed(1)} min`;
}

/** @example formatPercent(0.0512) // "5.1%" */
export function formatPercent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? "—" : `${(value * 100).toFixed(1)}%`;
}
