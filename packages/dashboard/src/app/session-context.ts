/**
 * Who is logged in, which project is chosen, and what their role allows. Provided by
 * `AuthGate` once `/api/auth/me` has answered; every page below the shell can rely on it.
 */
import { createContext, useContext } from "react";
import type { Me, Role } from "../api/types.js";

export interface SessionValue {
  me: Me;
  project: { id: string; name: string };
  role: Role;
  /** member or admin: may change data settings (prices). */
  canWrite: boolean;
  /** admin: keys, users, projects, retention, store_content. */
  isAdmin: boolean;
  selectProject(projectId: string): void;
  logout(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession() needs to be rendered inside <AuthGate>.");
  return value;
}
