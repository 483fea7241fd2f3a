/** Copies text to the clipboard and says so for a moment. */
import { useState } from "react";

export function CopyButton({ text, label = "Copy" }: { text: () => string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text());
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard access can be refused (http origin, permissions); the raw view is still there.
      setCopied(false);
    }
  };
  return (
    <button type="button" className="button" onClick={copy} aria-live="polite">
      {copied ? "Copied" : label}
    </button>
  );
}
