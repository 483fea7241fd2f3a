/** Turns stored media references into URLs for the read API (SPEC §4.6). Pure. */
import { MEDIA_REF_PREFIX } from "./media-ref.js";

// Also inside longer strings: extraction replaces data URIs inside text and unparsed JSON too.
const MEDIA_REF = new RegExp(`${MEDIA_REF_PREFIX}([0-9a-f]{64})`, "g");
const MAX_DEPTH = 256;

function render(value: unknown, prefix: string, depth: number): unknown {
  if (typeof value === "string") {
    return value.includes(MEDIA_REF_PREFIX)
      ? value.replace(MEDIA_REF, (_ref, sha: string) => prefix + sha)
      : value;
  }
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return value;
  let changed = false;
  if (Array.isArray(value)) {
    const next = value.map((item) => {
      const out = render(item, prefix, depth + 1);
      if (out !== item) changed = true;
      return out;
    });
    return changed ? next : value;
  }
  const next: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const out = render(item, prefix, depth + 1);
    if (out !== item) changed = true;
    next[key] = out;
  }
  return changed ? next : value;
}

/**
 * Replaces every `fallom-media:<sha256>` in a JSON value with `<baseUrl>/media/<sha256>`;
 * `baseUrl` is `FALLOM_PUBLIC_URL` or the request's origin. Unchanged parts are returned as they are.
 *
 * @example
 * renderMediaUrls({ url: "fallom-media:8af2…6e34" }, "https://fallom.example.com/")
 * // { url: "https://fallom.example.com/media/8af2…6e34" }
 */
export function renderMediaUrls(value: unknown, baseUrl: string): unknown {
  return render(value, `${baseUrl.replace(/\/+$/, "")}/media/`, 0);
}
