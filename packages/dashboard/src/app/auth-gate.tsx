/**
 * Renders its children only for a logged-in user: asks `/api/auth/me`, sends everyone else to
 * `/login?next=<where they were going>`, and provides the {@link SessionContext}.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { ApiRequestError, apiFetch, onLoggedOut, setCsrfToken, setProjectId } from "../api/api-fetch.js";
import type { Me } from "../api/types.js";
import { ErrorState, Loading } from "../components/states.js";
import { navigate } from "../router/navigation.js";
import { SessionContext, type SessionValue } from "./session-context.js";
import { storedProject, storeProject } from "./stored-project.js";

function loginPath(): string {
  const here = window.location.pathname + window.location.search;
  // Already there (a second 401 arriving after the first redirect): keep its `next`.
  if (window.location.pathname === "/login") return here;
  return here === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`;
}

export const ME_QUERY_KEY = ["auth", "me"] as const;

/** The session query; `main.tsx` starts it before React renders, the gate then shares it. */
export const meQuery = {
  queryKey: ME_QUERY_KEY,
  queryFn: () => apiFetch<Me>("/api/auth/me"),
  retry: false,
  staleTime: 60_000,
} as const;

export function AuthGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);
  const [projectId, setProject] = useState<string | null>(storedProject);

  useEffect(() => {
    onLoggedOut(() => {
      queryClient.removeQueries();
      navigate(loginPath(), { replace: true });
    });
  }, [queryClient]);

  const notLoggedIn = me.error instanceof ApiRequestError && me.error.status === 401;
  useEffect(() => {
    if (notLoggedIn) navigate(loginPath(), { replace: true });
  }, [notLoggedIn]);

  const selectProject = useCallback((id: string) => {
    storeProject(id);
    setProject(id);
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiFetch("/api/auth/logout", { method: "POST" });
    } finally {
      setCsrfToken(null);
      queryClient.removeQueries();
      navigate("/login");
    }
  }, [queryClient]);

  const value = useMemo<SessionValue | null>(() => {
    const data = me.data;
    if (!data) return null;
    const project = data.projects.find((p) => p.id === projectId) ?? data.projects[0];
    if (!project) return null;
    const role = data.user.role;
    return {
      me: data,
      project,
      role,
      canWrite: role !== "viewer",
      isAdmin: role === "admin",
      selectProject,
      logout,
    };
  }, [me.data, projectId, selectProject, logout]);

  // Module state read by apiFetch; set during render so the children's first fetches carry it.
  if (me.data) setCsrfToken(me.data.csrf_token);
  setProjectId(value?.project.id ?? null);

  if (me.isPending || notLoggedIn) return <Loading label="Checking your session…" />;
  if (me.error) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!value) {
    return <ErrorState error={new Error("Your account has no project. Ask an admin to add one.")} />;
  }
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
