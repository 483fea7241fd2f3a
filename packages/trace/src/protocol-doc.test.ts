import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as attributes from "./attributes.js";

const doc = readFileSync(new URL("../../../docs/protocol.md", import.meta.url), "utf8");

/** Backticked keys in the first column of the table under `heading`. */
function tableKeys(heading: string): string[] {
  const section = doc.split(`## ${heading}`)[1]?.split(/\n## /)[0] ?? "";
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1] as string);
}

/** Every key the constants module defines; a prefix `x.` is documented as `x.<key>`. */
function constantKeys(group: (name: string) => boolean): string[] {
  return Object.entries(attributes)
    .filter(([name, value]) => typeof value === "object" && group(name))
    .flatMap(([, value]) => Object.values(value as Record<string, string>))
    .map((key) => (key.endsWith(".") ? `${key}<key>` : key));
}

describe("docs/protocol.md", () => {
  it("documents exactly the span attribute keys of attributes.ts", () => {
    expect(tableKeys("Span attributes").sort()).toEqual(constantKeys((name) => name !== "RESOURCE").sort());
  });

  it("documents exactly the resource attribute keys of attributes.ts", () => {
    expect(tableKeys("Resource attributes").sort()).toEqual(
      constantKeys((name) => name === "RESOURCE").sort(),
    );
  });

  it("names the SDK name and protocol version the constants define", () => {
    expect(doc).toContain(`\`${attributes.SDK_NAME}\``);
    expect(doc).toContain(`\`fallom.sdk_version\` | string \`"${attributes.FALLOM_SDK_PROTOCOL_VERSION}"\``);
  });
});
