import os from "node:os";

/**
 * Percentiles and plain-text tables for benchmark output. Benchmarks print numbers; they never
 * assert on them.
 */

/**
 * Linear-interpolated percentile (like PostgreSQL's percentile_cont) of unsorted values.
 * @param {readonly number[]} values
 * @param {number} fraction 0..1
 */
export function percentile(values, fraction) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const low = Math.floor(position);
  const lowValue = sorted[low] ?? 0;
  const highValue = sorted[Math.min(low + 1, sorted.length - 1)] ?? lowValue;
  return lowValue + (position - low) * (highValue - lowValue);
}

/** @param {number} value @param {number} [digits] */
export const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

/** Thousands separators: 123456 → "123,456". @param {number} value */
export const grouped = (value) => Math.round(value).toLocaleString("en-US");

/** @param {number} kib */
export const mib = (kib) => `${(kib / 1024).toFixed(0)} MB`;

/**
 * A Markdown table (also readable on a terminal).
 * @param {readonly string[]} header
 * @param {ReadonlyArray<ReadonlyArray<string | number>>} rows
 */
export function table(header, rows) {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  const line = (/** @type {readonly string[]} */ row) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [
    line(cells[0] ?? []),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...cells.slice(1).map(line),
  ].join("\n");
}

/** nproc, memory, CPU model, Node version: the machine line every report starts with. */
export async function describeMachine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? "unknown",
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    kernel: os.release(),
    loadAverage: loadAverage(),
  };
}

/** "1-minute / 5-minute" load averages: on a shared 2-core machine, the context every timing needs. */
export const loadAverage = () =>
  os
    .loadavg()
    .slice(0, 2)
    .map((value) => value.toFixed(2))
    .join(" / ");
