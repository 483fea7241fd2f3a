/**
 * `/settings/<tab>`: project, API keys, prices, privacy and retention, export, users.
 */
import { useSession } from "../../app/session-context.js";
import { Link } from "../../router/link.js";
import { paths, type SettingsTab } from "../../router/match-route.js";
import { ApiKeysSettings } from "./api-keys-settings.js";
import { ExportSettings } from "./export-settings.js";
import { GeneralSettings } from "./general-settings.js";
import { PricesSettings } from "./prices-settings.js";
import { PrivacySettings } from "./privacy-settings.js";
import { UsersSettings } from "./users-settings.js";

const TABS: Array<{ tab: SettingsTab; label: string; adminOnly?: boolean }> = [
  { tab: "general", label: "Project" },
  { tab: "api-keys", label: "API keys" },
  { tab: "prices", label: "Prices" },
  { tab: "privacy", label: "Privacy & retention" },
  { tab: "export", label: "Export" },
  { tab: "users", label: "Users", adminOnly: true },
];

export function SettingsPage({ tab }: { tab: SettingsTab }) {
  const { isAdmin } = useSession();
  return (
    <div className="page settings">
      <h1>Settings</h1>
      <nav className="tabs" aria-label="Settings sections">
        {TABS.filter((t) => isAdmin || !t.adminOnly).map((t) => (
          <Link key={t.tab} to={paths.settings(t.tab)} activePrefix={paths.settings(t.tab)} className="tab">
            {t.label}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        {tab === "general" ? <GeneralSettings /> : null}
        {tab === "api-keys" ? <ApiKeysSettings /> : null}
        {tab === "prices" ? <PricesSettings /> : null}
        {tab === "privacy" ? <PrivacySettings /> : null}
        {tab === "export" ? <ExportSettings /> : null}
        {tab === "users" ? <UsersSettings /> : null}
      </div>
    </div>
  );
}
