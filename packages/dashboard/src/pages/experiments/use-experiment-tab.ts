/** The experiment page tab named by `?tab=`, or the fallback when it names none of `tabs`. */
import { useSearchParam } from "../../router/use-search-params.js";

/** @example const tab = useExperimentTab(TABS, "results"); */
export function useExperimentTab<T extends string>(tabs: ReadonlyArray<{ tab: T }>, fallback: T): T {
  const [tabParam] = useSearchParam("tab", fallback);
  return tabs.find((t) => t.tab === tabParam)?.tab ?? fallback;
}
