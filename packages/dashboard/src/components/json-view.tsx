/** Pretty-printed JSON in a scrollable, selectable block, named for assistive technology. */
export function JsonView({ value, label }: { value: unknown; label?: string }) {
  return (
    <section aria-label={label ?? "JSON"}>
      <pre className="json">{typeof value === "string" ? value : JSON.stringify(value, null, 2)}</pre>
    </section>
  );
}
