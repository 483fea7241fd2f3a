/** Server validation messages shown under the input they are about. */
export function FieldMessages({ messages, testId }: { messages: readonly string[]; testId?: string }) {
  if (messages.length === 0) return null;
  return (
    <span className="field-message" role="alert" data-testid={testId}>
      {messages.join(" ")}
    </span>
  );
}
