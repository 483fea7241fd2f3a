/**
 * A call's prompt and completion as a chat: system instructions, the input history, then the
 * output messages, each bubble labelled by role.
 */
import type { Message, MessagePart, Span } from "../api/types.js";
import { MessagePartView } from "./message-part-view.js";

export function MessageBubble({ message, output = false }: { message: Message; output?: boolean }) {
  const role = message.role || "unknown";
  return (
    <div className={`message message-${role}${output ? " message-output" : ""}`} data-role={role}>
      <div className="message-role">
        {role}
        {message.name ? <span className="muted"> · {message.name}</span> : null}
        {message.finish_reason ? <span className="muted"> · finish: {message.finish_reason}</span> : null}
      </div>
      <div className="message-parts">
        {message.parts.map((part, index) => (
          // Parts have no ids; their order is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: stable order within a stored message
          <MessagePartView key={index} part={part} />
        ))}
      </div>
    </div>
  );
}

export function systemMessage(parts: MessagePart[] | null | undefined): Message | null {
  return parts && parts.length > 0 ? { role: "system", parts } : null;
}

/** Whole conversation of one call; `inputFrom` skips the first input messages (session replay). */
export function Conversation({ span, inputFrom = 0 }: { span: Span; inputFrom?: number }) {
  const system = inputFrom === 0 ? systemMessage(span.system_instructions) : null;
  const inputs = (span.input_messages ?? []).slice(inputFrom);
  const outputs = span.output_messages ?? [];
  if (!system && inputs.length === 0 && outputs.length === 0) {
    return (
      <p className="muted">
        No content was captured for this call (capture off in the SDK, or the project stores no content).
      </p>
    );
  }
  return (
    <div className="conversation">
      {system ? <MessageBubble message={system} /> : null}
      {inputs.map((message, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: messages are an ordered, immutable list
        <MessageBubble key={`in-${index}`} message={message} />
      ))}
      {outputs.map((message, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: messages are an ordered, immutable list
        <MessageBubble key={`out-${index}`} message={message} output />
      ))}
    </div>
  );
}
