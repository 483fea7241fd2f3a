/** OK / ERROR as a coloured badge whose text carries the meaning (not colour alone). */
export function StatusBadge({ status, title }: { status: string; title?: string | null }) {
  const ok = status === "OK";
  return (
    <span className={`badge ${ok ? "badge-ok" : "badge-error"}`} title={title ?? undefined}>
      {ok ? "OK" : "Error"}
    </span>
  );
}
