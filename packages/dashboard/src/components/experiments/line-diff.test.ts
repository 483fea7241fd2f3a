import { describe, expect, it } from "vitest";
import { diffLines } from "./line-diff.js";

const compact = (before: string, after: string) =>
  diffLines(before, after).map(
    (line) => `${line.type === "same" ? " " : line.type === "added" ? "+" : "-"}${line.text}`,
  );

describe("diffLines", () => {
  it("marks a changed line as removed then added, keeping the lines around it", () => {
    expect(compact("a\nb\nc", "a\nB\nc")).toEqual([" a", "-b", "+B", " c"]);
  });

  it("finds insertions and deletions in the middle of longer texts", () => {
    expect(compact("one\ntwo\nthree\nfour", "zero\none\nthree\nfour\nfive")).toEqual([
      "+zero",
      " one",
      "-two",
      " three",
      " four",
      "+five",
    ]);
  });

  it("numbers lines on both sides", () => {
    const lines = diffLines("x\ny", "w\nx\ny");
    expect(lines).toEqual([
      { type: "added", text: "w", newLine: 1 },
      { type: "same", text: "x", oldLine: 1, newLine: 2 },
      { type: "same", text: "y", oldLine: 2, newLine: 3 },
    ]);
  });

  it("treats empty texts as no lines and identical texts as unchanged", () => {
    expect(compact("", "hello")).toEqual(["+hello"]);
    expect(compact("hello", "")).toEqual(["-hello"]);
    expect(compact("same\ntext", "same\ntext")).toEqual([" same", " text"]);
  });

  it("falls back to removed-then-added when the changed middle is huge", () => {
    const before = Array.from({ length: 2100 }, (_, i) => `a${i}`).join("\n");
    const after = Array.from({ length: 2100 }, (_, i) => `b${i}`).join("\n");
    const lines = diffLines(before, after);
    expect(lines.length).toBe(4200);
    expect(lines[0]?.type).toBe("removed");
    expect(lines[2100]?.type).toBe("added");
  });
});
