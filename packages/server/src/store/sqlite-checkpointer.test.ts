import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { insertSpans } from "./insert-spans.js";
import { openDatabase } from "./open-database.js";
import { makeSpan } from "./test-support/make-span.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "fallom-checkpoint-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("committed pages reach the database file without the writer checkpointing, and close cleans up", async () => {
  const path = join(dir, "fallom.db");
  const database = await openDatabase(`sqlite:${path}`);
  const before = statSync(path).size;
  const records = Array.from({ length: 200 }, () => makeSpan());
  await insertSpans(database, "p1", records);
  // Far below the writer's own automatic checkpoint: only the worker copies the WAL back.
  await expect.poll(() => statSync(path).size, { timeout: 5_000, interval: 50 }).toBeGreaterThan(before);

  await database.close();
  expect(existsSync(`${path}-wal`)).toBe(false);
  const reopened = await openDatabase(`sqlite:${path}`);
  const { n } = await reopened.kysely
    .selectFrom("spans")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  expect(n).toBe(200);
  await reopened.close();
});
