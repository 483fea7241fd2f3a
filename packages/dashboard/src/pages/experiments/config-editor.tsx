/**
 * Creates a model config or saves a new version of one: variants with the live weight editor,
 * the targeting rule builder and a note. Every save is a new immutable version (the server's
 * messages appear next to the field they name).
 */
import { type FormEvent, useState } from "react";
import { useApiMutation } from "../../api/use-api-mutation.js";
import { FieldMessages } from "../../components/experiments/field-messages.js";
import { errorsUnder } from "../../components/experiments/parse-field-errors.js";
import { TargetingBuilder } from "../../components/experiments/targeting-builder.js";
import {
  fromTargeting,
  type TargetingDraft,
  toTargeting,
} from "../../components/experiments/targeting-draft.js";
import { variantLabel } from "../../components/experiments/variant-label.js";
import { WeightEditor } from "../../components/experiments/weight-editor.js";
import { parseWeight, weightProblem } from "../../components/experiments/weights.js";
import type { ConfigHead, ConfigPayload, Version } from "./experiment-types.js";
import { SaveProblem } from "./save-problem.js";
import { useFieldErrors } from "./use-field-errors.js";

interface VariantDraft {
  model: string;
  weight: string;
}

export const CONFIG_INVALIDATE = ["/api/v1/configs", "/api/v1/experiments/models"];

export function ConfigEditor({
  existing,
  onSaved,
}: {
  /** The config to add a version to (its current version fills the form); absent = create. */
  existing?: ConfigHead;
  onSaved: (saved: { key: string; version: number }) => void;
}) {
  const start: ConfigPayload = existing?.current ?? {
    variants: [
      { model: "", weight: 50 },
      { model: "", weight: 50 },
    ],
    targeting: null,
  };
  const [key, setKey] = useState("");
  const [description, setDescription] = useState("");
  const [variants, setVariants] = useState<VariantDraft[]>(
    start.variants.map((variant) => ({ model: variant.model, weight: String(variant.weight) })),
  );
  const [targeting, setTargeting] = useState<TargetingDraft>(fromTargeting(start.targeting));
  const [note, setNote] = useState("");
  const [localProblem, setLocalProblem] = useState<string | null>(null);

  const save = useApiMutation<void, ConfigHead | Version<ConfigPayload>>(() => {
    const payload = {
      variants: variants.map((variant) => ({
        model: variant.model.trim(),
        weight: parseWeight(variant.weight),
      })),
      targeting: toTargeting(targeting),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    return existing
      ? {
          path: `/api/v1/configs/${encodeURIComponent(existing.key)}/versions`,
          method: "POST",
          body: payload,
        }
      : {
          path: "/api/v1/configs",
          method: "POST",
          body: {
            key: key.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
            ...payload,
          },
        };
  }, CONFIG_INVALIDATE);
  const errors = useFieldErrors(save.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = weightProblem(variants.map((variant) => parseWeight(variant.weight)));
    setLocalProblem(problem);
    if (problem) return;
    save.mutate(undefined, {
      onSuccess: (saved) => {
        const version = "current_version" in saved ? saved.current_version : saved.version;
        onSaved({ key: saved.key, version });
      },
    });
  };

  const labels = variants.map(
    (variant, index) => `${variantLabel(index)} · ${variant.model || "(no model yet)"}`,
  );
  const removeVariant = (index: number) => setVariants(variants.filter((_, i) => i !== index));
  const nextVersion = existing ? existing.latest_version + 1 : 1;

  return (
    <form
      className="card form config-editor"
      onSubmit={submit}
      aria-label={existing ? "Edit config" : "New config"}
    >
      <h2>{existing ? `New version of ${existing.key}` : "New model config"}</h2>
      {existing ? (
        <p className="muted">
          Starts from the current version (v{existing.current_version}). Saving creates version {nextVersion}{" "}
          and makes it current; the SDKs pick it up on their next refresh (≤ 30 s).
        </p>
      ) : null}
      {existing ? null : (
        <div className="form-grid">
          <label className="field">
            <span>Config key</span>
            <input
              value={key}
              onChange={(event) => setKey(event.target.value)}
              placeholder="summarizer"
              required
              autoComplete="off"
            />
            <FieldMessages messages={errorsUnder(errors, "key")} testId="key-error" />
          </label>
          <label className="field">
            <span>Description (optional)</span>
            <input value={description} onChange={(event) => setDescription(event.target.value)} />
            <FieldMessages messages={errorsUnder(errors, "description")} />
          </label>
        </div>
      )}
      <WeightEditor
        weights={variants.map((variant) => variant.weight)}
        onWeightsChange={(weights) =>
          setVariants(
            variants.map((variant, index) => ({ ...variant, weight: weights[index] ?? variant.weight })),
          )
        }
        onAdd={() => setVariants([...variants, { model: "", weight: "0" }])}
        onRemove={removeVariant}
        errors={errors}
        renderVariant={(index) => (
          <label className="field">
            <span>Model of variant {variantLabel(index)}</span>
            <input
              value={variants[index]?.model ?? ""}
              placeholder={index === 0 ? "gpt-4o" : "claude-sonnet-4-20250514"}
              onChange={(event) =>
                setVariants(
                  variants.map((variant, i) =>
                    i === index ? { ...variant, model: event.target.value } : variant,
                  ),
                )
              }
              autoComplete="off"
            />
            <FieldMessages messages={errorsUnder(errors, `variants.${index}.model`)} />
          </label>
        )}
      />
      <TargetingBuilder value={targeting} onChange={setTargeting} variantLabels={labels} errors={errors} />
      <label className="field">
        <span>Note (what changed, optional)</span>
        <input value={note} onChange={(event) => setNote(event.target.value)} />
        <FieldMessages messages={errorsUnder(errors, "note")} />
      </label>
      {localProblem ? (
        <p className="form-error" role="alert" data-testid="weight-problem">
          {localProblem}
        </p>
      ) : null}
      <SaveProblem error={save.error} general={errors.general} fieldCount={errors.byField.size} />
      <div className="page-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : existing ? `Save as version ${nextVersion}` : "Create config"}
        </button>
      </div>
    </form>
  );
}
