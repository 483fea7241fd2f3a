/**
 * One OTel GenAI message part (SPEC §4.1): text, reasoning, tool call, tool result, media
 * (`uri` / `blob`). Media from our store loads with the session cookie and the project param.
 */
import { withProjectParam } from "../api/api-fetch.js";
import type { MessagePart } from "../api/types.js";
import { JsonView } from "./json-view.js";

function isOurMedia(uri: string): boolean {
  try {
    const url = new URL(uri, window.location.origin);
    return url.origin === window.location.origin && url.pathname.startsWith("/media/");
  } catch {
    return false;
  }
}

/** Text that is itself JSON (a structured output) is shown pretty-printed. */
function TextContent({ text }: { text: string }) {
  const trimmed = text.trim();
  if (
    (trimmed.startsWith("{") && trimmed.endsWith("}")) ||
    (trimmed.startsWith("[") && trimmed.endsWith("]"))
  ) {
    try {
      return <JsonView value={JSON.parse(trimmed)} label="JSON output" />;
    } catch {
      // Not JSON after all: plain text below.
    }
  }
  return <div className="message-text">{text}</div>;
}

function MediaView({ part }: { part: MessagePart }) {
  const uri = typeof part.uri === "string" ? part.uri : null;
  const mime = typeof part.mime_type === "string" ? part.mime_type : "";
  const modality = typeof part.modality === "string" ? part.modality : "";
  if (!uri) return <JsonView value={part} />;
  const isImage = modality === "image" || mime.startsWith("image/");
  if (isImage && (isOurMedia(uri) || uri.startsWith("data:image/"))) {
    const src = isOurMedia(uri) ? withProjectParam(uri) : uri;
    return (
      <a href={src} target="_blank" rel="noreferrer" className="media">
        <img src={src} alt={`Attachment${mime ? ` (${mime.split("/")[1] ?? mime})` : ""}`} loading="lazy" />
      </a>
    );
  }
  const href = isOurMedia(uri) ? withProjectParam(uri) : uri;
  return (
    <a href={href} target="_blank" rel="noreferrer noopener" className="media-link">
      {modality || "file"}: {uri.length > 80 ? `${uri.slice(0, 77)}…` : uri}
    </a>
  );
}

export function MessagePartView({ part }: { part: MessagePart }) {
  switch (part.type) {
    case "text":
      return typeof part.content === "string" ? (
        <TextContent text={part.content} />
      ) : (
        <JsonView value={part.content} />
      );
    case "reasoning":
      return (
        <details className="reasoning">
          <summary>Reasoning</summary>
          <div className="message-text">
            {typeof part.content === "string" ? part.content : JSON.stringify(part.content)}
          </div>
        </details>
      );
    case "tool_call":
      return (
        <div className="tool-call" data-testid="tool-call">
          <div className="tool-head">
            <span className="badge">tool call</span> <code>{String(part.name ?? "?")}</code>
            {part.id ? <span className="muted"> · {String(part.id)}</span> : null}
          </div>
          <JsonView value={part.arguments ?? null} label="Tool arguments" />
        </div>
      );
    case "tool_call_response":
      return (
        <div className="tool-call tool-result" data-testid="tool-result">
          <div className="tool-head">
            <span className="badge">tool result</span>
            {part.id ? <span className="muted"> · {String(part.id)}</span> : null}
          </div>
          <JsonView value={part.response ?? part.result ?? null} label="Tool result" />
        </div>
      );
    case "uri":
    case "blob":
      return <MediaView part={part} />;
    default:
      return <JsonView value={part} />;
  }
}
