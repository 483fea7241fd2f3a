/**
 * The "Versions" tab of a config, prompt or prompt A/B test page: loads the version list, shows
 * it in {@link VersionHistory} and moves the current pointer in one click. Shared because the
 * three pages differ only in how a version's contents read.
 */
import { type ReactNode, useState } from "react";
import { useApi } from "../../api/use-api.js";
import { useApiMutation } from "../../api/use-api-mutation.js";
import { VersionHistory } from "../../components/experiments/version-history.js";
import { ErrorState, Loading } from "../../components/states.js";
import type { Version } from "./experiment-types.js";

/** The versions of the object at `base` (its API path), with "Make current" for members. */
export function VersionsTab<P>({
  base,
  invalidate,
  canWrite,
  describe,
  onMakeCurrent,
  intro,
  after,
}: {
  base: string;
  /** The API paths to refresh once the current version moved. */
  invalidate: string[];
  canWrite: boolean;
  describe: (version: Version<P>) => ReactNode;
  /** Told before the switch starts, so the page can drop a stale "saved" notice. */
  onMakeCurrent: () => void;
  /** Shown in the card above the table. */
  intro?: ReactNode;
  /** Shown below the card, given the loaded versions (e.g. a diff between two of them). */
  after?: (versions: ReadonlyArray<Version<P>>) => ReactNode;
}) {
  const versions = useApi<{ data: Array<Version<P>> }>(`${base}/versions`);
  const [pendingVersion, setPendingVersion] = useState<number | null>(null);
  const makeCurrent = useApiMutation<number>(
    (version) => ({ path: `${base}/current`, method: "POST", body: { version } }),
    invalidate,
  );

  if (versions.isPending) return <Loading label="Loading versions…" />;
  if (versions.error) return <ErrorState error={versions.error} onRetry={() => versions.refetch()} />;
  const list = versions.data?.data ?? [];
  return (
    <>
      <section className="card" aria-label="Versions">
        {intro}
        <VersionHistory
          versions={list}
          describe={describe}
          canWrite={canWrite}
          pendingVersion={pendingVersion}
          error={makeCurrent.error}
          onMakeCurrent={(version) => {
            setPendingVersion(version);
            onMakeCurrent();
            makeCurrent.mutate(version, { onSettled: () => setPendingVersion(null) });
          }}
        />
      </section>
      {after?.(list)}
    </>
  );
}
