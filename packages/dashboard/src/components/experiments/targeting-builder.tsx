/**
 * The targeting rule builder (SPEC §7.1–7.2): individual targets (exact match on one context
 * field) and rules (all conditions must match) that send a session to a chosen variant before
 * the weights apply. Individual targets beat rules; the first match wins.
 */
import { TARGETING_OPERATORS, type TargetingOperator } from "../../pages/experiments/experiment-types.js";
import { FieldMessages } from "./field-messages.js";
import { errorsUnder, type FieldErrors } from "./parse-field-errors.js";
import { type ConditionDraft, isListOperator, type TargetingDraft } from "./targeting-draft.js";

const OPERATOR_LABELS: Record<TargetingOperator, string> = {
  eq: "equals",
  neq: "does not equal",
  in: "is one of",
  nin: "is none of",
  contains: "contains",
  startsWith: "starts with",
  endsWith: "ends with",
};

function VariantSelect({
  value,
  labels,
  onChange,
  label,
}: {
  value: number;
  labels: readonly string[];
  onChange: (index: number) => void;
  label: string;
}) {
  // An index past the variants (a variant was removed) stays selectable so the server's message
  // about it has something to point at.
  const options = value >= labels.length ? [...labels, `(variant ${value}: removed)`] : labels;
  return (
    <label className="field field-inline">
      <span>{label}</span>
      {/* Named explicitly: a wrapping label would add the selected option's text to the name. */}
      <select aria-label={label} value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {options.map((text, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the index is the value.
          <option key={index} value={index}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

export function TargetingBuilder({
  value,
  onChange,
  variantLabels,
  errors,
}: {
  value: TargetingDraft;
  onChange: (next: TargetingDraft) => void;
  /** "A · gpt-4o", one per variant. */
  variantLabels: readonly string[];
  errors: FieldErrors;
}) {
  const setTarget = (index: number, patch: Partial<TargetingDraft["individualTargets"][number]>) =>
    onChange({
      ...value,
      individualTargets: value.individualTargets.map((target, i) =>
        i === index ? { ...target, ...patch } : target,
      ),
    });
  const setRule = (index: number, patch: Partial<TargetingDraft["rules"][number]>) =>
    onChange({ ...value, rules: value.rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)) });
  const setCondition = (ruleIndex: number, conditionIndex: number, patch: Partial<ConditionDraft>) => {
    const rule = value.rules[ruleIndex];
    if (!rule) return;
    setRule(ruleIndex, {
      conditions: rule.conditions.map((condition, i) =>
        i === conditionIndex ? { ...condition, ...patch } : condition,
      ),
    });
  };
  const lastVariant = Math.max(0, variantLabels.length - 1);

  return (
    <fieldset className="targeting-builder">
      <legend>Targeting</legend>
      <p className="muted">
        Sessions matching an individual target, else the first rule whose conditions all match, get that
        variant; everyone else is split by the weights. Fields come from the session: <code>customerId</code>{" "}
        and its metadata.
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={value.enabled}
          onChange={(event) => onChange({ ...value, enabled: event.target.checked })}
        />
        Targeting enabled
      </label>

      <h3>Individual targets</h3>
      {value.individualTargets.length === 0 ? <p className="muted">None.</p> : null}
      <ul className="targeting-list">
        {value.individualTargets.map((target, index) => {
          const path = `targeting.individualTargets.${index}`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: targets are positional.
            <li key={index} className="targeting-row" data-testid="individual-target">
              <label className="field field-inline">
                <span>Field</span>
                <input
                  value={target.field}
                  onChange={(event) => setTarget(index, { field: event.target.value })}
                />
                <FieldMessages messages={errorsUnder(errors, `${path}.field`)} />
              </label>
              <span className="targeting-op">equals</span>
              <label className="field field-inline">
                <span>Value</span>
                <input
                  value={target.value}
                  onChange={(event) => setTarget(index, { value: event.target.value })}
                />
                <FieldMessages messages={errorsUnder(errors, `${path}.value`)} />
              </label>
              <span className="targeting-op">→</span>
              <div>
                <VariantSelect
                  label="Variant"
                  value={target.variantIndex}
                  labels={variantLabels}
                  onChange={(variantIndex) => setTarget(index, { variantIndex })}
                />
                <FieldMessages messages={errorsUnder(errors, `${path}.variantIndex`)} />
              </div>
              <button
                type="button"
                className="button button-small button-ghost"
                onClick={() =>
                  onChange({
                    ...value,
                    individualTargets: value.individualTargets.filter((_, i) => i !== index),
                  })
                }
              >
                Remove target
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          onChange({
            ...value,
            individualTargets: [
              ...value.individualTargets,
              { field: "customerId", value: "", variantIndex: lastVariant },
            ],
          })
        }
      >
        Add individual target
      </button>

      <h3>Rules</h3>
      {value.rules.length === 0 ? <p className="muted">None.</p> : null}
      <ol className="targeting-list">
        {value.rules.map((rule, ruleIndex) => {
          const path = `targeting.rules.${ruleIndex}`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules are positional (first match wins).
            <li key={ruleIndex} className="targeting-rule" data-testid="targeting-rule">
              <div className="targeting-rule-head">
                <strong>Rule {ruleIndex + 1}</strong>: when all of
              </div>
              <ul className="targeting-list">
                {rule.conditions.map((condition, conditionIndex) => {
                  const conditionPath = `${path}.conditions.${conditionIndex}`;
                  const list = isListOperator(condition.operator);
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: conditions are positional.
                    <li key={conditionIndex} className="targeting-row">
                      <label className="field field-inline">
                        <span>Field</span>
                        <input
                          value={condition.field}
                          onChange={(event) =>
                            setCondition(ruleIndex, conditionIndex, { field: event.target.value })
                          }
                        />
                        <FieldMessages messages={errorsUnder(errors, `${conditionPath}.field`)} />
                      </label>
                      <label className="field field-inline">
                        <span>Operator</span>
                        <select
                          value={condition.operator}
                          onChange={(event) =>
                            setCondition(ruleIndex, conditionIndex, {
                              operator: event.target.value as TargetingOperator,
                            })
                          }
                        >
                          {TARGETING_OPERATORS.map((operator) => (
                            <option key={operator} value={operator}>
                              {OPERATOR_LABELS[operator]} ({operator})
                            </option>
                          ))}
                        </select>
                        <FieldMessages messages={errorsUnder(errors, `${conditionPath}.operator`)} />
                      </label>
                      <label className="field field-grow">
                        <span>{list ? "Values (comma-separated)" : "Value"}</span>
                        <input
                          value={condition.value}
                          placeholder={list ? "pro, team" : ""}
                          onChange={(event) =>
                            setCondition(ruleIndex, conditionIndex, { value: event.target.value })
                          }
                        />
                        <FieldMessages messages={errorsUnder(errors, `${conditionPath}.value`)} />
                      </label>
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        onClick={() =>
                          setRule(ruleIndex, {
                            conditions: rule.conditions.filter((_, i) => i !== conditionIndex),
                          })
                        }
                      >
                        Remove condition
                      </button>
                    </li>
                  );
                })}
              </ul>
              <FieldMessages messages={errorsUnder(errors, `${path}.conditions`)} />
              <div className="targeting-row">
                <button
                  type="button"
                  className="button button-small"
                  onClick={() =>
                    setRule(ruleIndex, {
                      conditions: [...rule.conditions, { field: "", operator: "eq", value: "" }],
                    })
                  }
                >
                  Add condition
                </button>
                <span className="targeting-op">then →</span>
                <div>
                  <VariantSelect
                    label="Variant"
                    value={rule.variantIndex}
                    labels={variantLabels}
                    onChange={(variantIndex) => setRule(ruleIndex, { variantIndex })}
                  />
                  <FieldMessages messages={errorsUnder(errors, `${path}.variantIndex`)} />
                </div>
                <button
                  type="button"
                  className="button button-small button-ghost"
                  onClick={() => onChange({ ...value, rules: value.rules.filter((_, i) => i !== ruleIndex) })}
                >
                  Remove rule
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          onChange({
            ...value,
            rules: [
              ...value.rules,
              { conditions: [{ field: "", operator: "eq", value: "" }], variantIndex: lastVariant },
            ],
          })
        }
      >
        Add rule
      </button>
      <FieldMessages
        messages={[...errorsUnder(errors, "targeting"), ...errorsUnder(errors, "targeting.enabled")]}
      />
    </fieldset>
  );
}
