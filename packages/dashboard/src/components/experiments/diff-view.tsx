/** A unified line diff of two texts, with old and new line numbers. */
import { useMemo } from "react";
import { diffLines } from "./line-diff.js";

export function DiffView({ before, after, title }: { before: string; after: string; title: string }) {
  const lines = useMemo(() => diffLines(before, after), [before, after]);
  const changed = lines.some((line) => line.type !== "same");
  return (
    <figure className="diff" aria-label={title}>
      <figcaption>
        {title} {changed ? null : <span className="muted">(unchanged)</span>}
      </figcaption>
      {lines.length === 0 ? (
        <p className="muted">Empty in both versions.</p>
      ) : (
        <table className="diff-table">
          <tbody>
            {lines.map((line, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the diff is rendered once per pair of texts.
              <tr key={index} className={`diff-${line.type}`} data-diff={line.type}>
                <td className="diff-number">{line.type === "added" ? "" : line.oldLine}</td>
                <td className="diff-number">{line.type === "removed" ? "" : line.newLine}</td>
                <td className="diff-sign" aria-hidden="true">
                  {line.type === "added" ? "+" : line.type === "removed" ? "−" : " "}
                </td>
                <td className="diff-text">
                  {line.type === "added" ? <span className="visually-hidden">added: </span> : null}
                  {line.type === "removed" ? <span className="visually-hidden">removed: </span> : null}
                  {line.text || "\u00a0"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
