/**
 * Creates a prompt A/B test or saves a new version of one: variants of prompt key + version (or
 * "current", resolved by the SDK at call time) with the live weight editor.
 */
import { type FormEvent, useState } from "react";
import { useApi } from "../../api/use-api.js";
import { useApiMutation } from "../../api/use-api-mutation.js";
import { FieldMessages } from "../../components/experiments/field-messages.js";
import { errorsUnder } from "../../components/experiments/parse-field-errors.js";
import { variantLabel } from "../../components/experiments/variant-label.js";
import { WeightEditor } from "../../components/experiments/weight-editor.js";
import { parseWeight, weightProblem } from "../../components/experiments/weights.js";
import type { PromptAbTestHead, PromptAbTestPayload, PromptHead, Version } from "./experiment-types.js";
import { SaveProblem } from "./save-problem.js";
import { useFieldErrors } from "./use-field-errors.js";

interface VariantDraft {
  prompt_key: string;
  /** "" = current. */
  prompt_version: string;
  weight: string;
}

export const PROMPT_AB_INVALIDATE = ["/api/v1/prompt-ab-tests", "/api/v1/experiments/prompts"];

export function PromptAbTestEditor({
  existing,
  onSaved,
}: {
  existing?: PromptAbTestHead;
  onSaved: (saved: { key: string; version: number }) => void;
}) {
  const prompts = useApi<{ data: PromptHead[] }>("/api/v1/prompts");
  const firstPrompt = prompts.data?.data[0]?.key ?? "";
  const [key, setKey] = useState("");
  const [variants, setVariants] = useState<VariantDraft[]>(
    existing
      ? existing.current.variants.map((variant) => ({
          prompt_key: variant.prompt_key,
          prompt_version: variant.prompt_version === null ? "" : String(variant.prompt_version),
          weight: String(variant.weight),
        }))
      : [
          { prompt_key: "", prompt_version: "", weight: "50" },
          { prompt_key: "", prompt_version: "", weight: "50" },
        ],
  );
  const [note, setNote] = useState("");
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const save = useApiMutation<void, PromptAbTestHead | Version<PromptAbTestPayload>>(() => {
    const payload = {
      variants: variants.map((variant) => ({
        prompt_key: variant.prompt_key || firstPrompt,
        prompt_version: variant.prompt_version === "" ? null : Number(variant.prompt_version),
        weight: parseWeight(variant.weight),
      })),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    return existing
      ? {
          path: `/api/v1/prompt-ab-tests/${encodeURIComponent(existing.key)}/versions`,
          method: "POST",
          body: payload,
        }
      : { path: "/api/v1/prompt-ab-tests", method: "POST", body: { key: key.trim(), ...payload } };
  }, PROMPT_AB_INVALIDATE);
  const errors = useFieldErrors(save.error);
  const nextVersion = existing ? existing.latest_version + 1 : 1;
  const promptList = prompts.data?.data ?? [];

  const setVariant = (index: number, patch: Partial<VariantDraft>) =>
    setVariants(variants.map((variant, i) => (i === index ? { ...variant, ...patch } : variant)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = weightProblem(variants.map((variant) => parseWeight(variant.weight)));
    setLocalProblem(problem);
    if (problem) return;
    save.mutate(undefined, {
      onSuccess: (saved) =>
        onSaved({
          key: saved.key,
          version: "current_version" in saved ? saved.current_version : saved.version,
        }),
    });
  };

  if (prompts.isSuccess && promptList.length === 0) {
    return (
      <p className="notice">
        Create a prompt first: each variant of a prompt A/B test serves one prompt version.
      </p>
    );
  }

  return (
    <form
      className="card form"
      onSubmit={submit}
      aria-label={existing ? "Edit prompt A/B test" : "New prompt A/B test"}
    >
      <h2>{existing ? `New version of ${existing.key}` : "New prompt A/B test"}</h2>
      {existing ? null : (
        <label className="field">
          <span>Test key</span>
          <input
            value={key}
            onChange={(event) => setKey(event.target.value)}
            placeholder="onboarding-test"
            required
          />
          <FieldMessages messages={errorsUnder(errors, "key")} testId="key-error" />
        </label>
      )}
      <WeightEditor
        weights={variants.map((variant) => variant.weight)}
        onWeightsChange={(weights) =>
          setVariants(
            variants.map((variant, index) => ({ ...variant, weight: weights[index] ?? variant.weight })),
          )
        }
        onAdd={() => setVariants([...variants, { prompt_key: "", prompt_version: "", weight: "0" }])}
        onRemove={(index) => setVariants(variants.filter((_, i) => i !== index))}
        errors={errors}
        renderVariant={(index) => {
          const variant = variants[index];
          const promptKey = variant?.prompt_key || firstPrompt;
          const latest = promptList.find((prompt) => prompt.key === promptKey)?.latest_version ?? 0;
          return (
            <>
              <label className="field">
                <span>Prompt of variant {variantLabel(index)}</span>
                <select
                  value={promptKey}
                  onChange={(event) =>
                    setVariant(index, { prompt_key: event.target.value, prompt_version: "" })
                  }
                >
                  {promptList.map((prompt) => (
                    <option key={prompt.key} value={prompt.key}>
                      {prompt.key}
                    </option>
                  ))}
                </select>
                <FieldMessages messages={errorsUnder(errors, `variants.${index}.prompt_key`)} />
              </label>
              <label className="field">
                <span>Version of variant {variantLabel(index)}</span>
                <select
                  value={variant?.prompt_version ?? ""}
                  onChange={(event) => setVariant(index, { prompt_version: event.target.value })}
                >
                  <option value="">current (follows publishes)</option>
                  {Array.from({ length: latest }, (_, i) => latest - i).map((version) => (
                    <option key={version} value={String(version)}>
                      v{version}
                    </option>
                  ))}
                </select>
                <FieldMessages messages={errorsUnder(errors, `variants.${index}.prompt_version`)} />
              </label>
            </>
          );
        }}
      />
      <label className="field">
        <span>Note (what changed, optional)</span>
        <input value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      {localProblem ? (
        <p className="form-error" role="alert" data-testid="weight-problem">
          {localProblem}
        </p>
      ) : null}
      <SaveProblem error={save.error} general={errors.general} fieldCount={errors.byField.size} />
      <div className="page-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={save.isPending || !prompts.isSuccess}
        >
          {save.isPending ? "Saving…" : existing ? `Save as version ${nextVersion}` : "Create A/B test"}
        </button>
      </div>
    </form>
  );
}
