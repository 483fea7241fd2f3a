/** `onboarding v2` or `onboarding (current)`, linking to the prompt. */
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";

export function PromptVariantName({
  promptKey,
  version,
}: {
  promptKey: string | null | undefined;
  version: number | null | undefined;
}) {
  if (!promptKey) return <span className="muted">unmatched calls</span>;
  return (
    <span>
      <Link to={paths.prompt(promptKey)}>{promptKey}</Link>{" "}
      {version === null || version === undefined ? <span className="muted">(current)</span> : `v${version}`}
    </span>
  );
}
