/**
 * Picks the page for the current URL. Login and setup render bare; every other page sits in the
 * shell behind {@link AuthGate}. Pages other than the traces list load on demand, so the first
 * load stays small and uPlot only arrives with the chart pages; `main.tsx` preloads the landing
 * page's module (see `lazy-page.tsx` for why not `React.lazy`).
 */
import { Suspense, useEffect } from "react";
import { Loading } from "../components/states.js";
import { LoginPage } from "../pages/auth/login-page.js";
import { TracesPage } from "../pages/traces/traces-page.js";
import { matchRoute, paths, type Route } from "../router/match-route.js";
import { navigate, useLocation } from "../router/navigation.js";
import { AppShell } from "./app-shell.js";
import { AuthGate } from "./auth-gate.js";
import { lazyPage } from "./lazy-page.js";

const SetupPage = lazyPage(() => import("../pages/auth/setup-page.js").then((m) => m.SetupPage));
const TracePage = lazyPage(() => import("../pages/trace/trace-page.js").then((m) => m.TracePage));
const SessionsPage = lazyPage(() => import("../pages/sessions/sessions-page.js").then((m) => m.SessionsPage));
const SessionPage = lazyPage(() => import("../pages/sessions/session-page.js").then((m) => m.SessionPage));
const CustomersPage = lazyPage(() =>
  import("../pages/customers/customers-page.js").then((m) => m.CustomersPage),
);
const CustomerPage = lazyPage(() =>
  import("../pages/customers/customer-page.js").then((m) => m.CustomerPage),
);
const AnalyticsPage = lazyPage(() =>
  import("../pages/analytics/analytics-page.js").then((m) => m.AnalyticsPage),
);
const SettingsPage = lazyPage(() => import("../pages/settings/settings-page.js").then((m) => m.SettingsPage));
const ModelConfigsPage = lazyPage(() =>
  import("../pages/experiments/model-configs-page.js").then((m) => m.ModelConfigsPage),
);
const ModelConfigPage = lazyPage(() =>
  import("../pages/experiments/model-config-page.js").then((m) => m.ModelConfigPage),
);
const PromptsPage = lazyPage(() => import("../pages/experiments/prompts-page.js").then((m) => m.PromptsPage));
const PromptPage = lazyPage(() => import("../pages/experiments/prompt-page.js").then((m) => m.PromptPage));
const PromptAbTestPage = lazyPage(() =>
  import("../pages/experiments/prompt-ab-test-page.js").then((m) => m.PromptAbTestPage),
);

/**
 * Starts downloading the page module for `pathname` (the landing URL), beside `/api/auth/me`.
 * Resolves when it is in (or failed: the page then shows its error when it renders).
 */
export function preloadPageFor(pathname: string): Promise<void> {
  const page = LAZY_PAGES[matchRoute(pathname).page];
  return page ? page.preload().catch(() => undefined) : Promise.resolve();
}

/**
 * Loads every other page's module while the browser is idle after the first page, so a click
 * to another page renders at once instead of showing a loading state (and React's Suspense
 * throttle) while its module downloads.
 */
export function preloadAllPagesWhenIdle(): void {
  const start = () => {
    for (const page of Object.values(LAZY_PAGES)) page?.preload().catch(() => undefined);
  };
  // Safari has no requestIdleCallback.
  const whenIdle = () =>
    typeof window.requestIdleCallback === "function"
      ? window.requestIdleCallback(start, { timeout: 5_000 })
      : start();
  setTimeout(whenIdle, 2_000);
}

const LAZY_PAGES: Partial<Record<Route["page"], { preload: () => Promise<void> }>> = {
  setup: SetupPage,
  trace: TracePage,
  sessions: SessionsPage,
  session: SessionPage,
  customers: CustomersPage,
  customer: CustomerPage,
  analytics: AnalyticsPage,
  settings: SettingsPage,
  "model-configs": ModelConfigsPage,
  "model-config": ModelConfigPage,
  prompts: PromptsPage,
  prompt: PromptPage,
  "prompt-ab-test": PromptAbTestPage,
};

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
