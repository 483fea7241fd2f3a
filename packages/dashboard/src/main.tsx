/**
 * Entry point: theme before first paint, one QueryClient, the app.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ApiRequestError } from "./api/api-fetch.js";
import { preload } from "./api/preload.js";
import { App } from "./app/app.js";
import { storedProject } from "./app/stored-project.js";
import { applySavedTheme } from "./app/theme.js";
import { toApiQuery } from "./format/time-range.js";
import { NON_FILTER_PARAMS } from "./pages/traces/span-filters.js";
import { firstSpansPageUrl } from "./pages/traces/use-live-spans.js";
import { matchRoute } from "./router/match-route.js";
import "./styles.css";

applySavedTheme();

// The home page's rows are requested now, beside /api/auth/me, rather than after it.
// (Not with a relative range: its `from` is taken at render time, so the URLs would differ.)
const landing = new URLSearchParams(window.location.search);
if (matchRoute(window.location.pathname).page === "traces" && !landing.has("range")) {
  preload(firstSpansPageUrl(toApiQuery(landing, NON_FILTER_PARAMS)), storedProject());
}

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

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element.");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
