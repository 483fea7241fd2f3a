import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../src/ingest/__fixtures__",
);

export function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, name), "utf8");
}

export function fixtureJson<T = any>(name: string): T {
  return JSON.parse(fixtureText(name));
}

export function fixtureBytes(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}
