/**
 * A page loaded on demand, like `React.lazy`, but with a `preload()` that can start the download
 * before React renders it, and a synchronous render once the module is in.
 *
 * Why not `React.lazy`: a lazy component suspends on its first render even when its module has
 * already arrived, and React then holds the revealed page back for up to 300 ms (its Suspense
 * fallback throttle). On a cold load of `/observability/analytics` that delay came before the
 * page could even start its data requests. With `preload()` called from `main.tsx` beside
 * `/api/auth/me`, the module is usually in by the time the session is known, and the page renders
 * at once without suspending.
 */
import { type ComponentType, use } from "react";

export interface LazyPage<P extends object> {
  (props: P): React.JSX.Element;
  /** Starts loading the module (once); resolves when the component can render synchronously. */
  preload: () => Promise<void>;
}

/**
 * @example
 * const AnalyticsPage = lazyPage(() => import("../pages/analytics/analytics-page.js").then((m) => m.AnalyticsPage));
 * AnalyticsPage.preload(); // e.g. from main.tsx for the landing URL
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let Loaded: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  const preload = (): Promise<void> => {
    loading ??= load().then(
      (component) => {
        Loaded = component;
      },
      (error: unknown) => {
        // A failed download (e.g. a deploy replaced the chunk) may succeed on the next visit.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  // biome-ignore lint/correctness/noComponentHookFactories: called once per page at module level, like React.lazy.
  const Page = (props: P) => {
    if (!Loaded) use(preload());
    const Component = Loaded as ComponentType<P>;
    return <Component {...props} />;
  };
  return Object.assign(Page, { preload });
}
