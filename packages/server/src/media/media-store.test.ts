import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MediaBlob } from "./extract-media.js";
import { createFileMediaStore } from "./media-store.js";

function blob(text: string, mimeType = "image/png"): MediaBlob {
  const bytes = Buffer.from(text);
  return { sha256: createHash("sha256").update(bytes).digest("hex"), mimeType, bytes };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "fallom-media-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("createFileMediaStore", () => {
  it("stores a blob under <project>/<sha[0..2]>/<sha> and reads it back with its MIME type", async () => {
    const store = createFileMediaStore(dir);
    const png = blob("png bytes");
    expect(await store.put("proj_1", png)).toBe(true);

    const folder = join(dir, "proj_1", png.sha256.slice(0, 2));
    expect((await readdir(folder)).sort()).toEqual([png.sha256, `${png.sha256}.json`]);
    expect(await readFile(join(folder, png.sha256), "utf8")).toBe("png bytes");
    expect(await store.get("proj_1", png.sha256)).toEqual({ bytes: png.bytes, mimeType: "image/png" });
    expect(await store.has("proj_1", png.sha256)).toBe(true);
  });

  it("writes the same bytes once", async () => {
    const store = createFileMediaStore(dir);
    const png = blob("same");
    expect(await store.put("proj_1", png)).toBe(true);
    expect(await store.put("proj_1", { ...png, mimeType: "image/gif" })).toBe(false);
    const folder = join(dir, "proj_1", png.sha256.slice(0, 2));
    expect(await readdir(folder)).toHaveLength(2);
    expect((await store.get("proj_1", png.sha256))?.mimeType).toBe("image/png");
  });

  it("keeps projects apart", async () => {
    const store = createFileMediaStore(dir);
    const png = blob("mine");
    await store.put("proj_1", png);
    expect(await store.get("proj_2", png.sha256)).toBeNull();
    expect(await store.has("proj_2", png.sha256)).toBe(false);
  });

  it("answers null for a missing file or an id that is not a SHA-256", async () => {
    const store = createFileMediaStore(dir);
    await writeFile(join(dir, "secret"), "top secret");
    expect(await store.get("proj_1", "0".repeat(64))).toBeNull();
    expect(await store.get("proj_1", "../../secret")).toBeNull();
    expect(await store.get("proj_1", "A".repeat(64))).toBeNull();
    expect(await store.get("..", "0".repeat(64))).toBeNull();
    expect(await store.has("proj_1", "../secret")).toBe(false);
  });

  it("refuses bytes that do not match their name", async () => {
    const store = createFileMediaStore(dir);
    await expect(store.put("proj_1", { ...blob("a"), bytes: Buffer.from("b") })).rejects.toThrow(/hash/);
    await expect(store.put("../x", blob("a"))).rejects.toThrow(/Invalid/);
  });

  it("stores a MIME type that is not a plain type/subtype as application/octet-stream", async () => {
    const store = createFileMediaStore(dir);
    const odd = blob("odd", "text/html\r\nx-injected: 1");
    await store.put("proj_1", odd);
    expect((await store.get("proj_1", odd.sha256))?.mimeType).toBe("application/octet-stream");
  });

  it("completes a file left without its sidecar", async () => {
    const store = createFileMediaStore(dir);
    const png = blob("half");
    await store.put("proj_1", png);
    const sidecar = join(dir, "proj_1", png.sha256.slice(0, 2), `${png.sha256}.json`);
    await rm(sidecar);
    expect((await store.get("proj_1", png.sha256))?.mimeType).toBe("application/octet-stream");
    expect(await store.put("proj_1", png)).toBe(false);
    expect((await store.get("proj_1", png.sha256))?.mimeType).toBe("image/png");
  });

  it("leaves no temporary files behind", async () => {
    const store = createFileMediaStore(dir);
    const png = blob("tidy");
    await Promise.all([store.put("proj_1", png), store.put("proj_1", png)]);
    const names = await readdir(join(dir, "proj_1", png.sha256.slice(0, 2)));
    expect(names.filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
