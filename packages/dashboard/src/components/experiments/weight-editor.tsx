/**
 * The live weight editor shared by model configs and prompt A/B tests: one row per variant with
 * the caller's own fields, a slider and a number for its percent of sessions, the running sum
 * with what is left to assign, and the server's messages next to the weight they are about.
 */
import type { ReactNode } from "react";
import { FieldMessages } from "./field-messages.js";
import { errorsUnder, type FieldErrors } from "./parse-field-errors.js";
import { variantLabel } from "./variant-label.js";
import { splitEvenly, sumWeights, WEIGHT_TOLERANCE } from "./weights.js";

export interface WeightEditorProps {
  /** Weights as typed (strings, so "33." stays editable). */
  weights: readonly string[];
  onWeightsChange(weights: string[]): void;
  /** The variant's other inputs (model, prompt and version). */
  renderVariant(index: number): ReactNode;
  onAdd(): void;
  onRemove(index: number): void;
  errors: FieldErrors;
  maxVariants?: number;
}

export function WeightEditor({
  weights,
  onWeightsChange,
  renderVariant,
  onAdd,
  onRemove,
  errors,
  maxVariants = 50,
}: WeightEditorProps) {
  const numbers = weights.map((weight) => (weight.trim() === "" ? 0 : Number(weight)));
  const sum = sumWeights(numbers);
  const left = Number((100 - sum).toFixed(6));
  const balanced = Math.abs(left) <= WEIGHT_TOLERANCE;
  const setWeight = (index: number, value: string) =>
    onWeightsChange(weights.map((weight, i) => (i === index ? value : weight)));
  const giveRestToLast = () => {
    const last = weights.length - 1;
    const rest = Number((100 - sumWeights(numbers.slice(0, last))).toFixed(6));
    setWeight(last, String(Math.max(0, rest)));
  };
  return (
    <fieldset className="weight-editor">
      <legend>Variants and weights (percent of sessions)</legend>
      <ol className="variant-rows">
        {weights.map((weight, index) => {
          const label = variantLabel(index);
          const value = numbers[index] ?? 0;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: variants are positional (index = variantIndex).
            <li key={index} className="variant-row" data-variant={index}>
              <span className="variant-letter" aria-hidden="true">
                {label}
              </span>
              <div className="variant-fields">{renderVariant(index)}</div>
              <div className="weight-inputs">
                <input
                  type="range"
                  min={0}
                  max={100}
                  step={1}
                  value={Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0}
                  onChange={(event) => setWeight(index, event.target.value)}
                  aria-label={`Weight of variant ${label} (slider)`}
                />
                <label className="weight-number">
                  <input
                    type="number"
                    min={0}
                    max={100}
                    step="any"
                    inputMode="decimal"
                    value={weight}
                    onChange={(event) => setWeight(index, event.target.value)}
                    aria-label={`Weight of variant ${label} (%)`}
                  />
                  <span aria-hidden="true">%</span>
                </label>
                <FieldMessages messages={errorsUnder(errors, `variants.${index}.weight`)} />
              </div>
              <button
                type="button"
                className="button button-small button-ghost"
                onClick={() => onRemove(index)}
                disabled={weights.length <= 1}
                aria-label={`Remove variant ${label}`}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      <div className="weight-summary">
        <span
          className={balanced ? "weight-sum weight-sum-ok" : "weight-sum weight-sum-off"}
          data-testid="weight-sum"
          aria-live="polite"
        >
          Total {sum} %{balanced ? "" : left > 0 ? ` · ${left} % left to assign` : ` · ${-left} % too much`}
        </span>
        <span className="page-actions">
          <button
            type="button"
            className="button button-small"
            onClick={onAdd}
            disabled={weights.length >= maxVariants}
          >
            Add variant
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => onWeightsChange(splitEvenly(weights.length).map(String))}
          >
            Split evenly
          </button>
          {!balanced && weights.length > 0 ? (
            <button type="button" className="button button-small" onClick={giveRestToLast}>
              Give the rest to {variantLabel(weights.length - 1)}
            </button>
          ) : null}
        </span>
      </div>
      <FieldMessages messages={errorsUnder(errors, "variants")} testId="variants-error" />
    </fieldset>
  );
}
