/**
 * Entry point: theme before first paint, one QueryClient, the app.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ApiRequestError } from "./api/api-fetch.js";
import { preload } from "./api/preload.js";
import { App, preloadAllPagesWhenIdle, preloadPageFor } from "./app/app.js";
import { meQuery } from "./app/auth-gate.js";
import { storedProject } from "./app/stored-project.js";
import { applySavedTheme } from "./app/theme.js";
import { toApiQuery } from "./format/time-range.js";
import { NON_FILTER_PARAMS } from "./pages/traces/span-filters.js";
import { firstSpansPageUrl } from "./pages/traces/use-live-spans.js";
import { matchRoute } from "./router/match-route.js";
import "./styles.css";

applySavedTheme();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      // A 4xx will not change on retry; network blips and 5xx get two more tries.
      retry: (count, error) =>
        !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

// Everything the landing page needs first starts now, before React renders: the session check
// (the gate shares this query), the page's module, and the traces list's first rows.
const landingPage = matchRoute(window.location.pathname).page;
if (landingPage !== "login" && landingPage !== "setup") void queryClient.prefetchQuery(meQuery);
const pageModule = preloadPageFor(window.location.pathname);
// (Not with a relative range: its `from` is taken at render time, so the URLs would differ.)
const landing = new URLSearchParams(window.location.search);
if (landingPage === "traces" && !landing.has("range")) {
  preload(firstSpansPageUrl(toApiQuery(landing, NON_FILTER_PARAMS)), storedProject());
}

function render(): void {
  const root = document.getElementById("root");
  if (!root) throw new Error("index.html has no #root element.");
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}

// React renders once the landing page's module is in: had the page suspended instead, React
// would hold its first paint back by up to 300 ms (the Suspense fallback throttle) after the
// module arrived. The module and /api/auth/me download side by side meanwhile; a module that
// is slow to come (over 2 s) no longer holds the shell back.
let rendered = false;
const renderOnce = () => {
  if (rendered) return;
  rendered = true;
  render();
};
void pageModule.then(renderOnce);
setTimeout(renderOnce, 2_000);
preloadAllPagesWhenIdle();
