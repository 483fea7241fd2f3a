import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fallom, { FallomError, isFallomError } from "../src/index.js";
import { legacyScope } from "../src/legacy/legacy-session.js";
import { startLlmCall } from "../src/record/start-llm-call.js";
import { startTraceServer, type TraceServer } from "./support/harness.js";

let server: TraceServer;

beforeAll(async () => {
  server = await startTraceServer();
});

afterAll(async () => {
  await fallom.shutdown();
  await server.close();
});

function legacyCall(model: string) {
  const call = startLlmCall(legacyScope, {
    name: "chat.completions.create",
    method: "chat.completions.create",
    operation: "chat",
    provider: "openai",
    requestModel: model,
    stream: false,
  });
  call?.end();
  return call;
}

describe("legacy 0.1.x shims and W2", () => {
  it("passes calls through untraced before init, and trace.span throws a FallomError", async () => {
    const session = fallom.session({ configKey: "legacy", sessionId: "before-init" });
    expect(
      startLlmCall(session.scope, {
        name: "x",
        method: "x",
        operation: "chat",
        provider: "openai",
        stream: false,
      }),
    ).toBeUndefined();
    const error = await fallom.trace.span({ score: 1 }).catch((e: unknown) => e);
    expect(isFallomError(error)).toBe(true);
  });

  it("trace.init / setSession / runWithSession scope session-less calls per async context", async () => {
    await fallom.trace.init({ apiKey: server.apiKey, baseUrl: server.url });
    expect(legacyCall("no-session")).toBeUndefined();
    await Promise.all([
      fallom.trace.runWithSession("legacy", "run-a", "cust-a", async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(fallom.trace.getSession()).toEqual({
          configKey: "legacy",
          sessionId: "run-a",
          customerId: "cust-a",
        });
        legacyCall("model-a");
      }),
      fallom.trace.runWithSession("legacy", "run-b", async () => {
        legacyCall("model-b");
        fallom.trace.clearSession();
        expect(legacyCall("cleared")).toBeUndefined();
      }),
    ]);
    await fallom.flush();
    const a = await server.waitForSpans({ session_id: "run-a" }, 1);
    const b = await server.waitForSpans({ session_id: "run-b" }, 1);
    expect(a.map((s) => [s.request_model, s.customer_id])).toEqual([["model-a", "cust-a"]]);
    expect(b.map((s) => s.request_model)).toEqual(["model-b"]);
  });

  it("trace.span posts custom metrics to /spans for the current session", async () => {
    await fallom.trace.runWithSession("legacy", "metrics-1", async () => {
      await fallom.trace.span({ satisfaction: 5, resolved: true });
    });
    const response = await fetch(`${server.url}/api/v1/sessions/metrics-1`, {
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    expect(JSON.stringify(await response.json())).toContain("satisfaction");
  });

  it("models.get and prompts.get resolve to the fallback, else reject with a FallomError", async () => {
    expect(await fallom.models.get("cfg", "s1", { fallback: "gpt-4o-mini" })).toBe("gpt-4o-mini");
    await expect(fallom.models.get("cfg", "s1")).rejects.toMatchObject({ code: "config_not_found" });
    const prompt = await fallom.prompts.get("greet", {
      fallback: { system: "You are {{ role }}.", user: "Hi {{name}}" },
      variables: { role: "kind", name: "Ann" },
    });
    expect(prompt).toEqual({ key: "greet", version: 0, system: "You are kind.", user: "Hi Ann" });
    await expect(fallom.prompts.getAB("t", "s1")).rejects.toBeInstanceOf(FallomError);
  });

  it("session.setPrompt links the prompt to later LLM spans of that session", async () => {
    const session = fallom.session({ configKey: "legacy", sessionId: "prompt-link" });
    await session.getPrompt("greet", { fallback: { system: "s", user: "u" } });
    session.setPrompt({
      key: "greet",
      version: 4,
      system: "",
      user: "",
      abTestKey: "greet-test",
      variantIndex: 1,
    });
    startLlmCall(session.scope, {
      name: "x",
      method: "x",
      operation: "chat",
      provider: "openai",
      stream: false,
    })?.end();
    await fallom.flush();
    const [span] = await server.waitForSpans({ session_id: "prompt-link" }, 1);
    expect(span).toMatchObject({
      prompt_key: "greet",
      prompt_version: 4,
      prompt_ab_test_key: "greet-test",
      prompt_variant_index: 1,
    });
  });
});
