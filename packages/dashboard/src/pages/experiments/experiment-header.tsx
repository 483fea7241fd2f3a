/**
 * The head of a config, prompt or prompt A/B test page: breadcrumb, key with its current
 * version badge, a one-line summary and the optional description.
 */
import type { ReactNode } from "react";
import { Link } from "../../router/link.js";

/** Breadcrumb plus title block; `crumb` is the last breadcrumb segment after the parent link. */
export function ExperimentHeader({
  parent,
  crumb,
  title,
  currentVersion,
  summary,
  description,
}: {
  parent: { to: string; label: string };
  crumb: string;
  title: string;
  currentVersion: number;
  summary: ReactNode;
  description?: string | null;
}) {
  return (
    <>
      <div className="breadcrumb">
        <Link to={parent.to}>{parent.label}</Link> / {crumb}
      </div>
      <div className="page-header">
        <h1>
          {title}{" "}
          <span className="badge" data-testid="current-version">
            v{currentVersion} current
          </span>
        </h1>
        <span className="muted">{summary}</span>
      </div>
      {description ? <p className="muted">{description}</p> : null}
    </>
  );
}
