/**
 * The frame around every logged-in page: skip link, navigation, project switcher, theme toggle
 * and the user menu with logout.
 */
import type { ReactNode } from "react";
import { Link } from "../router/link.js";
import { paths } from "../router/match-route.js";
import { useSession } from "./session-context.js";
import { useTheme } from "./theme.js";

const NAV = [
  { label: "Traces", to: paths.traces(), prefix: "/observability/traces" },
  { label: "Sessions", to: paths.sessions(), prefix: "/observability/sessions" },
  { label: "Customers", to: paths.customers(), prefix: "/observability/customers" },
  { label: "Analytics", to: paths.analytics(), prefix: "/observability/analytics" },
  { label: "Model A/B", to: paths.modelConfigs(), prefix: "/experiments/models" },
  { label: "Prompts", to: paths.prompts(), prefix: "/experiments/prompts" },
  { label: "Settings", to: paths.settings(), prefix: "/settings" },
];

export function AppShell({ children }: { children: ReactNode }) {
  const session = useSession();
  const [theme, toggleTheme] = useTheme();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to={paths.traces()} className="brand" aria-label="Fallom home">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          Fallom
        </Link>
        <nav aria-label="Main" className="nav">
          {NAV.map((item) => (
            <Link key={item.to} to={item.to} activePrefix={item.prefix} className="nav-link">
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="topbar-tools">
          <label className="project-switcher">
            <span className="visually-hidden">Project</span>
            <select
              value={session.project.id}
              onChange={(event) => session.selectProject(event.target.value)}
              aria-label="Project"
            >
              {session.me.projects.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="icon-button"
            onClick={toggleTheme}
            aria-label={theme === "dark" ? "Switch to light mode" : "Switch to dark mode"}
            title={theme === "dark" ? "Light mode" : "Dark mode"}
          >
            {theme === "dark" ? "☀" : "☾"}
          </button>
          <details className="user-menu">
            <summary aria-label="User menu">
              <span className="avatar" aria-hidden="true">
                {(session.me.user.name || session.me.user.email).slice(0, 1).toUpperCase()}
              </span>
            </summary>
            <div className="menu">
              <div className="menu-header">
                <strong>{session.me.user.name || session.me.user.email}</strong>
                <span className="muted">
                  {session.me.user.email} · {session.role}
                </span>
              </div>
              <button type="button" className="menu-item" onClick={() => session.logout()}>
                Log out
              </button>
            </div>
          </details>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
