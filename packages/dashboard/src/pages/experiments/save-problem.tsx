/**
 * Under a form: the part of a refused save that names no field, or a pointer to the messages
 * shown next to the fields, with the server's whole answer one click away (so a message about
 * a field the form does not show is never lost).
 */
export function SaveProblem({
  error,
  general,
  fieldCount,
}: {
  error: Error | null;
  general: string | null;
  fieldCount: number;
}) {
  if (!error) return null;
  return (
    <div className="form-error" role="alert" data-testid="save-problem">
      {general ??
        `Not saved: ${fieldCount === 1 ? "see the message" : "see the messages"} next to the fields.`}
      {fieldCount > 0 ? (
        <details>
          <summary>Server answer</summary>
          <p>{error.message}</p>
        </details>
      ) : null}
    </div>
  );
}
