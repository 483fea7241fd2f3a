/**
 * A cost as people should read it: the amount, or an "unpriced" / "no usage" badge instead of a
 * misleading $0 (SPEC §4.3). Totals append "+ N unpriced".
 */
import type { CostStatus } from "../api/types.js";
import { formatUsd } from "../format/format-number.js";

export function CostValue({
  cost,
  status,
  unpricedCalls,
}: {
  cost: number | null;
  status?: CostStatus;
  unpricedCalls?: number;
}) {
  if (cost === null && status === "no_usage") {
    return (
      <span className="muted" title="The call reported no token counts">
        no usage
      </span>
    );
  }
  const unpricedBadge =
    status === "unpriced" ? (
      <span className="badge badge-warn" title="Unknown model: add a price under Settings → Prices">
        unpriced
      </span>
    ) : null;
  const extra =
    unpricedCalls && unpricedCalls > 0 ? (
      <span className="badge badge-warn" title="Calls without a price are not in the sum">
        + {unpricedCalls} unpriced
      </span>
    ) : null;
  return (
    <span className="cost">
      {cost === null ? <span className="muted">—</span> : formatUsd(cost)}
      {unpricedBadge}
      {extra}
    </span>
  );
}
