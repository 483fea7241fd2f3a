/**
 * A labelled text input that commits its value on Enter or blur (not on every keystroke), so
 * each filter change is one history entry and one query.
 */
import { type InputHTMLAttributes, useEffect, useState } from "react";

export interface CommitInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  /** Extra class for the label wrapper (`field-grow`). */
  fieldClassName?: string;
}

export function CommitInput({ label, value, onCommit, fieldClassName, ...rest }: CommitInputProps) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  return (
    <label className={fieldClassName ? `field ${fieldClassName}` : "field"}>
      <span>{label}</span>
      <input
        {...rest}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            commit();
          }
          if (event.key === "Escape") setDraft(value);
        }}
      />
    </label>
  );
}
