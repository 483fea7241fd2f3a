/** A config version read-only: its variants with weights and its targeting, in words. */
import { variantLabel } from "../../components/experiments/variant-label.js";
import type { ConfigPayload, TargetingCondition } from "./experiment-types.js";

function conditionText(condition: TargetingCondition): string {
  const value = Array.isArray(condition.value) ? `[${condition.value.join(", ")}]` : `"${condition.value}"`;
  return `${condition.field} ${condition.operator} ${value}`;
}

/** One line: `A gpt-4o 80 % · B claude 20 %`. */
export function describeVariants(payload: ConfigPayload): string {
  return payload.variants
    .map((variant, index) => `${variantLabel(index)} ${variant.model} ${variant.weight} %`)
    .join(" · ");
}

export function ConfigSummary({ payload }: { payload: ConfigPayload }) {
  const targeting = payload.targeting;
  const targets = targeting?.individualTargets ?? [];
  const rules = targeting?.rules ?? [];
  return (
    <section className="card" aria-labelledby="config-summary-title" data-testid="config-summary">
      <h2 id="config-summary-title">Current configuration</h2>
      <p className="muted">Read only: members and admins edit configs.</p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Model</th>
              <th scope="col" className="num">
                Weight
              </th>
            </tr>
          </thead>
          <tbody>
            {payload.variants.map((variant, index) => (
              <tr key={variant.model}>
                <td>{variantLabel(index)}</td>
                <td>
                  <code>{variant.model}</code>
                </td>
                <td className="num">{variant.weight} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Targeting {targeting?.enabled === false ? <span className="badge">disabled</span> : null}</h3>
      {targets.length === 0 && rules.length === 0 ? (
        <p className="muted">No targeting: every session is split by the weights.</p>
      ) : (
        <ol className="list">
          {targets.map((target, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: positional, read-only.
            <li key={`t${index}`}>
              {target.field} = "{target.value}" → {variantLabel(target.variantIndex)}
            </li>
          ))}
          {rules.map((rule, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: positional, read-only.
            <li key={`r${index}`}>
              when {rule.conditions.map(conditionText).join(" and ") || "(always)"} →{" "}
              {variantLabel(rule.variantIndex)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
