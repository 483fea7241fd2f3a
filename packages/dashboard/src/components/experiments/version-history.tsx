/**
 * Every saved version of a config, prompt or prompt A/B test, newest first, with "Make current"
 * (roll back or forward) in one click for members. Versions are immutable; the current pointer
 * is all that moves.
 */
import type { ReactNode } from "react";
import { formatFullTime, formatTime } from "../../format/format-time.js";
import type { VersionMeta } from "../../pages/experiments/experiment-types.js";
import { MutationError } from "../mutation-error.js";

export function VersionHistory<V extends VersionMeta>({
  versions,
  describe,
  canWrite,
  onMakeCurrent,
  pendingVersion,
  error,
}: {
  versions: readonly V[];
  /** What the version holds, in a line or two. */
  describe: (version: V) => ReactNode;
  canWrite: boolean;
  onMakeCurrent: (version: number) => void;
  pendingVersion: number | null;
  error: Error | null;
}) {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  return (
    <>
      <div className="table-wrap">
        <table className="table" data-testid="version-history">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Note</th>
              <th scope="col">Contents</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((version) => (
              <tr key={version.version} data-version={version.version} data-current={version.is_current}>
                <td>
                  v{version.version}{" "}
                  {version.is_current ? <span className="badge badge-ok">current</span> : null}
                </td>
                <td title={formatFullTime(version.created_at)}>{formatTime(version.created_at)}</td>
                <td>{version.created_by ?? <span className="muted">—</span>}</td>
                <td>{version.note || <span className="muted">—</span>}</td>
                <td>{describe(version)}</td>
                <td>
                  {canWrite && !version.is_current ? (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={pendingVersion !== null}
                      onClick={() => onMakeCurrent(version.version)}
                      aria-label={`Make version ${version.version} current`}
                    >
                      {pendingVersion === version.version ? "Switching…" : "Make current"}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <MutationError error={error} />
    </>
  );
}
