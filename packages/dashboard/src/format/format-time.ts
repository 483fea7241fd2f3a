/**
 * Times: the API speaks ISO-8601 UTC with µs; people read local time.
 */

const sameDay = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const otherDay = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** Short local time: "14:03:07" today, "Nov 20, 14:03" otherwise. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  const now = new Date();
  return date.toDateString() === now.toDateString() ? sameDay.format(date) : otherDay.format(date);
}

/** Full local date and time for tooltips. */
export function formatFullTime(iso: string | null | undefined): string {
  return iso ? full.format(new Date(iso)) : "—";
}

/** @example formatAgo("…five minutes ago…") // "5 min ago" */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}
