import { describe, expect, it } from "vitest";
import { type Conversation, planTurn } from "./plan-turn.js";

const tools = [{ name: "alpha" }, { name: "beta" }];
const conversation = (overrides: Partial<Conversation>): Conversation => ({
  promptText: "",
  lastUserText: "Hi",
  endsWithToolResult: false,
  tools,
  toolChoice: { kind: "auto" },
  parallelToolCalls: true,
  ...overrides,
});
const names = (plan: ReturnType<typeof planTurn>) =>
  plan.kind === "tool_calls" ? plan.calls.map((call) => call.name) : plan.kind;

describe("planTurn", () => {
  it("answers with text unless asked to use a tool", () => {
    expect(planTurn(conversation({}))).toEqual({ kind: "text", text: "Mock reply to: Hi" });
  });

  it("calls the tool the message names, else the first, for 'use a tool'", () => {
    expect(names(planTurn(conversation({ lastUserText: "Use a tool: beta" })))).toEqual(["beta"]);
    expect(names(planTurn(conversation({ lastUserText: "use a tool" })))).toEqual(["alpha"]);
  });

  it("calls every tool for 'use all tools' unless parallel calls are off", () => {
    expect(names(planTurn(conversation({ lastUserText: "use all tools" })))).toEqual(["alpha", "beta"]);
    expect(
      names(planTurn(conversation({ lastUserText: "use all tools", parallelToolCalls: false }))),
    ).toEqual(["alpha"]);
  });

  it("answers a tool result with text under auto, but a forced choice always calls a tool", () => {
    expect(names(planTurn(conversation({ lastUserText: "use a tool", endsWithToolResult: true })))).toBe(
      "text",
    );
    expect(
      names(planTurn(conversation({ endsWithToolResult: true, toolChoice: { kind: "required" } }))),
    ).toEqual(["alpha"]);
    expect(names(planTurn(conversation({ toolChoice: { kind: "named", name: "beta" } })))).toEqual(["beta"]);
    expect(names(planTurn(conversation({ lastUserText: "use a tool", toolChoice: { kind: "none" } })))).toBe(
      "text",
    );
  });

  it("refuses when the message says 'please refuse'", () => {
    expect(planTurn(conversation({ lastUserText: "Please refuse." })).kind).toBe("refusal");
  });
});
