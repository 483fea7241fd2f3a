/**
 * Picks the page for the current URL. Login and setup render bare; every other page sits in the
 * shell behind {@link AuthGate}. Pages other than the traces list load on demand, so the first
 * load stays small and uPlot only arrives with the chart pages.
 */
import { lazy, Suspense, useEffect } from "react";
import { Loading } from "../components/states.js";
import { LoginPage } from "../pages/auth/login-page.js";
import { TracesPage } from "../pages/traces/traces-page.js";
import { matchRoute, paths } from "../router/match-route.js";
import { navigate, useLocation } from "../router/navigation.js";
import { AppShell } from "./app-shell.js";
import { AuthGate } from "./auth-gate.js";

const SetupPage = lazy(() => import("../pages/auth/setup-page.js").then((m) => ({ default: m.SetupPage })));
const TracePage = lazy(() => import("../pages/trace/trace-page.js").then((m) => ({ default: m.TracePage })));
const SessionsPage = lazy(() =>
  import("../pages/sessions/sessions-page.js").then((m) => ({ default: m.SessionsPage })),
);
const SessionPage = lazy(() =>
  import("../pages/sessions/session-page.js").then((m) => ({ default: m.SessionPage })),
);
const CustomersPage = lazy(() =>
  import("../pages/customers/customers-page.js").then((m) => ({ default: m.CustomersPage })),
);
const CustomerPage = lazy(() =>
  import("../pages/customers/customer-page.js").then((m) => ({ default: m.CustomerPage })),
);
const AnalyticsPage = lazy(() =>
  import("../pages/analytics/analytics-page.js").then((m) => ({ default: m.AnalyticsPage })),
);
const SettingsPage = lazy(() =>
  import("../pages/settings/settings-page.js").then((m) => ({ default: m.SettingsPage })),
);
const ModelConfigsPage = lazy(() =>
  import("../pages/experiments/model-configs-page.js").then((m) => ({ default: m.ModelConfigsPage })),
);
const ModelConfigPage = lazy(() =>
  import("../pages/experiments/model-config-page.js").then((m) => ({ default: m.ModelConfigPage })),
);
const PromptsPage = lazy(() =>
  import("../pages/experiments/prompts-page.js").then((m) => ({ default: m.PromptsPage })),
);
const PromptPage = lazy(() =>
  import("../pages/experiments/prompt-page.js").then((m) => ({ default: m.PromptPage })),
);
const PromptAbTestPage = lazy(() =>
  import("../pages/experiments/prompt-ab-test-page.js").then((m) => ({ default: m.PromptAbTestPage })),
);

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Page() {
  const { pathname } = useLocation();
  const route = matchRoute(pathname);
  switch (route.page) {
    case "home":
      return <Redirect to={paths.traces()} />;
    case "traces":
      return <TracesPage />;
    case "trace":
      return <TracePage traceId={route.traceId} />;
    case "sessions":
      return <SessionsPage />;
    case "session":
      return <SessionPage sessionId={route.sessionId} />;
    case "customers":
      return <CustomersPage />;
    case "customer":
      return <CustomerPage customerId={route.customerId} />;
    case "analytics":
      return <AnalyticsPage />;
    case "settings":
      return <SettingsPage tab={route.tab} />;
    case "model-configs":
      return <ModelConfigsPage />;
    case "model-config":
      return <ModelConfigPage key={route.configKey} configKey={route.configKey} />;
    case "prompts":
      return <PromptsPage />;
    case "prompt":
      return <PromptPage key={route.promptKey} promptKey={route.promptKey} />;
    case "prompt-ab-test":
      return <PromptAbTestPage key={route.testKey} testKey={route.testKey} />;
    default:
      return (
        <div className="page">
          <h1>Page not found</h1>
          <p>
            There is no page at <code>{pathname}</code>. <a href={paths.traces()}>Go to traces</a>.
          </p>
        </div>
      );
  }
}

export function App() {
  const { pathname } = useLocation();
  const route = matchRoute(pathname);
  if (route.page === "login") return <LoginPage />;
  if (route.page === "setup") {
    return (
      <Suspense fallback={<Loading />}>
        <SetupPage />
      </Suspense>
    );
  }
  return (
    <AuthGate>
      <AppShell>
        <Suspense fallback={<Loading />}>
          <Page />
        </Suspense>
      </AppShell>
    </AuthGate>
  );
}
