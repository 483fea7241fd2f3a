/** The tab strip of an experiment page; the tab lives in `?tab=` so links and back work. */
import { Link } from "../../router/link.js";

export function ExperimentTabs<T extends string>({
  basePath,
  tabs,
  current,
  fallback,
}: {
  basePath: string;
  tabs: ReadonlyArray<{ tab: T; label: string }>;
  current: T;
  fallback: T;
}) {
  return (
    <nav className="tabs experiment-tabs" aria-label="Sections">
      {tabs.map((t) => (
        <Link
          key={t.tab}
          to={t.tab === fallback ? basePath : `${basePath}?tab=${t.tab}`}
          className="tab"
          aria-current={t.tab === current ? "page" : undefined}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
