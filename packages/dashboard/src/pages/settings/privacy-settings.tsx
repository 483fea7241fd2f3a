/**
 * `/settings/privacy`: what content is captured (SDK side, SPEC §4.5), the project's
 * `store_content` switch and data retention.
 */
import { type FormEvent, useEffect, useState } from "react";
import type { ProjectSettings } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { useApiMutation } from "../../api/use-api-mutation.js";
import { useSession } from "../../app/session-context.js";
import { MutationError } from "../../components/mutation-error.js";
import { ErrorState, Loading } from "../../components/states.js";

export function PrivacySettings() {
  const { isAdmin } = useSession();
  const settings = useApi<ProjectSettings>("/api/v1/settings");
  const [retention, setRetention] = useState("");
  useEffect(() => {
    if (settings.data)
      setRetention(settings.data.retention_days === null ? "" : String(settings.data.retention_days));
  }, [settings.data]);
  const save = useApiMutation(
    (body: Partial<ProjectSettings>) => ({ path: "/api/v1/settings", method: "PATCH", body }),
    ["/api/v1/settings"],
  );
  if (settings.isPending) return <Loading />;
  if (settings.error) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  const storeContent = settings.data.store_content;

  const submitRetention = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ retention_days: retention === "" ? null : Number(retention) });
  };
  return (
    <>
      <section className="card">
        <h2>Content capture</h2>
        <p>
          The SDKs send prompts and completions unless capture is off:{" "}
          <code>
            init({"{"} captureContent: false {"}"})
          </code>
          , <code>FALLOM_CAPTURE_CONTENT=false</code>, or per session. With capture off, models, tokens, cost,
          timings, tool names, errors, metadata and tags are still recorded; no prompt or completion text
          leaves the app.
        </p>
        <p>
          This project currently{" "}
          <strong data-testid="store-content">
            {storeContent ? "stores content" : "drops all content at ingest"}
          </strong>
          {storeContent
            ? " it receives (prompts, completions, tool arguments and results, images)."
            : ", whatever the clients send; images are not stored."}
        </p>
        {isAdmin ? (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={storeContent}
              disabled={save.isPending}
              onChange={(event) => save.mutate({ store_content: event.target.checked })}
            />
            Store prompt and completion content (applies to new calls; stored calls keep theirs)
          </label>
        ) : (
          <p className="muted">Only admins can change this.</p>
        )}
      </section>
      <form className="card form form-inline" onSubmit={submitRetention}>
        <h2>Data retention</h2>
        <p className="muted">
          Calls that started more than this many days ago are deleted (hourly). Empty keeps them forever.
        </p>
        <label className="field">
          <span>Keep calls for (days)</span>
          <input
            type="number"
            min={1}
            max={36500}
            value={retention}
            placeholder="forever"
            onChange={(e) => setRetention(e.target.value)}
            disabled={!isAdmin}
          />
        </label>
        {isAdmin ? (
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            Save retention
          </button>
        ) : null}
      </form>
      <MutationError error={save.error} />
    </>
  );
}
