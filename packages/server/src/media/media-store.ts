/**
 * Content-addressed media files on disk (SPEC §4.6): `<dir>/<projectId>/<sha[0..2]>/<sha>`, with the
 * MIME type in a `<sha>.json` sidecar so the store works without the database.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { MediaBlob } from "./extract-media.js";
import { isSha256Hex } from "./media-ref.js";

export interface StoredMedia {
  bytes: Buffer;
  mimeType: string;
}

export interface MediaStore {
  /** Stores the blob once per project; resolves when it is durable. True when it was new. */
  put(projectId: string, blob: MediaBlob): Promise<boolean>;
  /** The stored file, or null when absent or when the id is not a SHA-256. */
  get(projectId: string, sha256: string): Promise<StoredMedia | null>;
  has(projectId: string, sha256: string): Promise<boolean>;
}

interface Sidecar {
  mimeType: string;
  size: number;
}

// Project ids become a folder name: no separators, dots or other characters a path could use.
const PROJECT_ID = /^[A-Za-z0-9_-]{1,128}$/;
// The type is served back as Content-Type, so anything that is not a plain `type/subtype`
// (possibly with parameters) is stored as an opaque download.
const MIME_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;\s*[a-z0-9!#$&^_.+-]+=[a-z0-9!#$&^_.+-]+)*$/i;
const OCTET_STREAM = "application/octet-stream";

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * Writes `data` to `path` so that readers never see a partial file: a temporary file in the same
 * folder is fsync'ed, renamed over the target, then the folder is fsync'ed to make the rename
 * itself survive a crash. Concurrent writers of the same content are harmless: the last rename wins.
 */
async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const file = await open(temporary, "wx");
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}

async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open or fsync a folder; the rename is still atomic there.
  }
}

/** The sidecar's MIME type, or null when the sidecar is unreadable. */
function parseSidecar(text: string): string | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null) return null;
    const { mimeType } = parsed as Partial<Sidecar>;
    return typeof mimeType === "string" && MIME_TYPE.test(mimeType) ? mimeType : null;
  } catch {
    return null;
  }
}

/**
 * A media store in `dir` (normally `FALLOM_DATA_DIR/media`). Files are named by the SHA-256 of
 * their bytes, checked on `put`, so a file never changes once written and a second `put` of the
 * same bytes writes nothing.
 *
 * @example
 * const store = createFileMediaStore("/var/lib/fallom/media");
 * await store.put("proj_1", blob); // true; again → false
 * await store.get("proj_1", blob.sha256); // { bytes, mimeType: "image/png" }
 */
export function createFileMediaStore(dir: string): MediaStore {
  // null for ids that could escape `dir`: the sha is the URL's path segment, the project id a key.
  function pathOf(projectId: string, sha256: string): string | null {
    if (!PROJECT_ID.test(projectId) || !isSha256Hex(sha256)) return null;
    return join(dir, projectId, sha256.slice(0, 2), sha256);
  }

  return {
    async put(projectId, blob) {
      const path = pathOf(projectId, blob.sha256);
      if (!path) throw new Error(`Invalid media id or project id: ${projectId}/${blob.sha256}`);
      const actual = createHash("sha256").update(blob.bytes).digest("hex");
      if (actual !== blob.sha256) throw new Error(`Media bytes hash to ${actual}, not ${blob.sha256}`);
      const sidecarPath = `${path}.json`;
      const haveFile = await exists(path);
      // The sidecar is written after the file, so a crash in between leaves a file without one;
      // the next put of the same bytes completes it.
      if (haveFile && (await exists(sidecarPath))) return false;
      await mkdir(dirname(path), { recursive: true });
      if (!haveFile) await writeDurably(path, blob.bytes);
      const mimeType = MIME_TYPE.test(blob.mimeType) ? blob.mimeType : OCTET_STREAM;
      const sidecar: Sidecar = { mimeType, size: blob.bytes.length };
      await writeDurably(sidecarPath, JSON.stringify(sidecar));
      return !haveFile;
    },

    async get(projectId, sha256) {
      const path = pathOf(projectId, sha256);
      if (!path) return null;
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      let mimeType: string | null = null;
      try {
        mimeType = parseSidecar(await readFile(`${path}.json`, "utf8"));
      } catch {
        // A missing sidecar (crash between the two writes) still serves the bytes, untyped.
      }
      return { bytes, mimeType: mimeType ?? OCTET_STREAM };
    },

    async has(projectId, sha256) {
      const path = pathOf(projectId, sha256);
      return path !== null && (await exists(path));
    },
  };
}
