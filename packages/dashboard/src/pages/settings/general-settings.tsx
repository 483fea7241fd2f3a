/** Project name (admin) and creating another project (admin). */
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import type { ProjectSettings } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { useApiMutation } from "../../api/use-api-mutation.js";
import { ME_QUERY_KEY } from "../../app/auth-gate.js";
import { useSession } from "../../app/session-context.js";
import { MutationError } from "../../components/mutation-error.js";
import { ErrorState, Loading } from "../../components/states.js";

export function GeneralSettings() {
  const { isAdmin, selectProject } = useSession();
  const queryClient = useQueryClient();
  const settings = useApi<ProjectSettings>("/api/v1/settings");
  const [name, setName] = useState("");
  const [newProject, setNewProject] = useState("");
  useEffect(() => {
    if (settings.data) setName(settings.data.name);
  }, [settings.data]);
  const save = useApiMutation(
    (body: { name: string }) => ({ path: "/api/v1/settings", method: "PATCH", body }),
    ["/api/v1/settings"],
  );
  const create = useApiMutation<{ name: string }, { id: string }>(
    (body) => ({ path: "/api/v1/projects", method: "POST", body }),
    ["/api/v1/projects"],
  );
  if (settings.isPending) return <Loading />;
  if (settings.error) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name }, { onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }) });
  };
  const submitProject = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: newProject },
      {
        onSuccess: async (project) => {
          setNewProject("");
          await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
          selectProject(project.id);
        },
      },
    );
  };
  return (
    <>
      <form className="card form" onSubmit={submit}>
        <h2>Project</h2>
        <label className="field">
          <span>Project name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={!isAdmin}
            required
            maxLength={200}
          />
        </label>
        {isAdmin ? (
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isSuccess && !save.isPending ? "Saved" : "Save"}
          </button>
        ) : (
          <p className="muted">Only admins can rename the project.</p>
        )}
        <MutationError error={save.error} />
      </form>
      {isAdmin ? (
        <form className="card form" onSubmit={submitProject}>
          <h2>New project</h2>
          <p className="muted">Each project has its own data and API keys.</p>
          <label className="field">
            <span>Name</span>
            <input
              value={newProject}
              onChange={(e) => setNewProject(e.target.value)}
              required
              maxLength={200}
            />
          </label>
          <button type="submit" className="button" disabled={create.isPending}>
            Create project
          </button>
          <MutationError error={create.error} />
        </form>
      ) : null}
    </>
  );
}
