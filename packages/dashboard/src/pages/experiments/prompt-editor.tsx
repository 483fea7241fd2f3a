/**
 * Creates a prompt or publishes a new version of one: system prompt and user template with
 * `{{ variable }}` hints (SPEC §8.2). Publishing makes the new version current.
 */
import { type FormEvent, useState } from "react";
import { useApiMutation } from "../../api/use-api-mutation.js";
import { FieldMessages } from "../../components/experiments/field-messages.js";
import { errorsUnder, type FieldErrors } from "../../components/experiments/parse-field-errors.js";
import {
  findInvalidPlaceholders,
  listTemplateVariables,
} from "../../components/experiments/template-variables.js";
import type { PromptHead, PromptPayload, Version } from "./experiment-types.js";
import { SaveProblem } from "./save-problem.js";
import { useFieldErrors } from "./use-field-errors.js";

export const PROMPT_INVALIDATE = [
  "/api/v1/prompts",
  "/api/v1/prompt-ab-tests",
  "/api/v1/experiments/prompts",
];

function TemplateField({
  label,
  name,
  value,
  onChange,
  errors,
  rows,
}: {
  label: string;
  name: "system_prompt" | "user_template";
  value: string;
  onChange: (value: string) => void;
  errors: FieldErrors;
  rows: number;
}) {
  const variables = listTemplateVariables(value);
  const invalid = findInvalidPlaceholders(value);
  const id = `${name}-input`;
  const hintId = `${name}-hints`;
  return (
    // Hints sit outside the <label> so the textarea's accessible name is just its label.
    <div className="field template-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={value}
        rows={rows}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hintId}
        spellCheck={false}
      />
      <span className="variable-hints" id={hintId} data-testid={`${name}-variables`}>
        {variables.length === 0 ? (
          <span className="muted">
            No variables. Write <code>{"{{ name }}"}</code> to fill one in from <code>variables</code>.
          </span>
        ) : (
          <>
            <span className="muted">Variables:</span>
            {variables.map((variable) => (
              <code key={variable}>{variable}</code>
            ))}
          </>
        )}
      </span>
      {invalid.length > 0 ? (
        <span className="field-message">
          {invalid.join(", ")} {invalid.length === 1 ? "is" : "are"} not a placeholder (names are letters,
          digits and _ only; no dots, filters or conditionals) and would reach the model as written.
        </span>
      ) : null}
      <FieldMessages messages={errorsUnder(errors, name)} testId={`${name}-error`} />
    </div>
  );
}

export function PromptEditor({
  existing,
  onSaved,
}: {
  existing?: PromptHead;
  onSaved: (saved: { key: string; version: number }) => void;
}) {
  const [key, setKey] = useState("");
  const [description, setDescription] = useState("");
  const [system, setSystem] = useState(existing?.current.system_prompt ?? "");
  const [user, setUser] = useState(existing?.current.user_template ?? "");
  const [note, setNote] = useState("");
  const save = useApiMutation<void, PromptHead | Version<PromptPayload>>(() => {
    const payload = {
      system_prompt: system,
      user_template: user,
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    return existing
      ? {
          path: `/api/v1/prompts/${encodeURIComponent(existing.key)}/versions`,
          method: "POST",
          body: payload,
        }
      : {
          path: "/api/v1/prompts",
          method: "POST",
          body: {
            key: key.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
            ...payload,
          },
        };
  }, PROMPT_INVALIDATE);
  const errors = useFieldErrors(save.error);
  const nextVersion = existing ? existing.latest_version + 1 : 1;
  const unchanged =
    existing !== undefined &&
    system === existing.current.system_prompt &&
    user === existing.current.user_template;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: (saved) =>
        onSaved({
          key: saved.key,
          version: "current_version" in saved ? saved.current_version : saved.version,
        }),
    });
  };

  return (
    <form
      className="card form prompt-editor"
      onSubmit={submit}
      aria-label={existing ? "Edit prompt" : "New prompt"}
    >
      <h2>{existing ? `Edit ${existing.key}` : "New prompt"}</h2>
      {existing ? (
        <p className="muted">
          Starts from the current version (v{existing.current_version}). Publishing creates version{" "}
          {nextVersion} and makes it current; earlier versions stay available to{" "}
          <code>prompts.get(key, {"{ version }"})</code>.
        </p>
      ) : (
        <div className="form-grid">
          <label className="field">
            <span>Prompt key</span>
            <input
              value={key}
              onChange={(event) => setKey(event.target.value)}
              placeholder="onboarding"
              required
            />
            <FieldMessages messages={errorsUnder(errors, "key")} testId="key-error" />
          </label>
          <label className="field">
            <span>Description (optional)</span>
            <input value={description} onChange={(event) => setDescription(event.target.value)} />
          </label>
        </div>
      )}
      <TemplateField
        label="System prompt"
        name="system_prompt"
        value={system}
        onChange={setSystem}
        errors={errors}
        rows={6}
      />
      <TemplateField
        label="User template"
        name="user_template"
        value={user}
        onChange={setUser}
        errors={errors}
        rows={4}
      />
      <label className="field">
        <span>Note (what changed, optional)</span>
        <input value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <SaveProblem error={save.error} general={errors.general} fieldCount={errors.byField.size} />
      <div className="page-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending || unchanged}>
          {save.isPending ? "Saving…" : existing ? `Publish version ${nextVersion}` : "Create prompt"}
        </button>
        {unchanged ? <span className="muted">Change the text to publish a new version.</span> : null}
      </div>
    </form>
  );
}
