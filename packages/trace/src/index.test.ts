import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("public API", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(api).sort()).toEqual([
      "FallomConfigError",
      "FallomError",
      "FallomNotInitialisedError",
      "FallomSession",
      "FallomSpan",
      "default",
      "flush",
      "getExportStats",
      "init",
      "isFallomError",
      "models",
      "prompts",
      "session",
      "shutdown",
      "trace",
      "wrapTraced",
    ]);
  });

  it("has the SPEC §2.1 default export", () => {
    expect(Object.keys(api.default).sort()).toEqual([
      "flush",
      "init",
      "models",
      "prompts",
      "session",
      "shutdown",
      "trace",
    ]);
    expect(api.default.init).toBe(api.init);
    expect(Object.keys(api.trace).sort()).toEqual([
      "clearSession",
      "getSession",
      "init",
      "runWithSession",
      "setSession",
      "shutdown",
      "span",
      "wrapAISDK",
      "wrapAnthropic",
      "wrapGoogleAI",
      "wrapOpenAI",
    ]);
    expect(Object.keys(api.models).sort()).toEqual(["get", "init"]);
    expect(Object.keys(api.prompts).sort()).toEqual([
      "clearPromptContext",
      "get",
      "getAB",
      "getPromptContext",
      "init",
    ]);
  });
});
