import { describe, expect, it } from "vitest";
import { resolveCaptureContent, resolveConfig, resolveServiceUrl } from "./config.js";
import { FallomConfigError, isFallomError } from "./errors.js";

const KEY = { apiKey: "flm_test" };

describe("resolveConfig", () => {
  it("throws a FallomConfigError naming the apiKey option and FALLOM_API_KEY when no key is given", () => {
    let thrown: unknown;
    try {
      resolveConfig({}, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FallomConfigError);
    expect(thrown).toBeInstanceOf(Error);
    expect(isFallomError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/No API key provided/);
    expect((thrown as Error).message).toContain("apiKey");
    expect((thrown as Error).message).toContain("FALLOM_API_KEY");
  });

  it("takes the key from FALLOM_API_KEY when the option is absent, the option winning otherwise", () => {
    expect(resolveConfig({}, { FALLOM_API_KEY: "flm_env" }).apiKey).toBe("flm_env");
    expect(resolveConfig({ apiKey: "flm_opt" }, { FALLOM_API_KEY: "flm_env" }).apiKey).toBe("flm_opt");
  });

  it("uses FALLOM_BASE_URL alone for every service", () => {
    const config = resolveConfig(KEY, { FALLOM_BASE_URL: "https://fallom.example.com" });
    expect([config.tracesUrl, config.configsUrl, config.promptsUrl]).toEqual([
      "https://fallom.example.com",
      "https://fallom.example.com",
      "https://fallom.example.com",
    ]);
  });

  it("defaults to http://localhost:4318, batch mode, capture on, debug off and fallom-traced-app", () => {
    const config = resolveConfig(KEY, {});
    expect(config.tracesUrl).toBe("http://localhost:4318");
    expect(config.exportMode).toBe("batch");
    expect(config.captureContent).toBe(true);
    expect(config.debug).toBe(false);
    expect(config.serviceName).toBe("fallom-traced-app");
  });

  it("reads debug from FALLOM_DEBUG and the service name from OTEL_SERVICE_NAME", () => {
    expect(resolveConfig(KEY, { FALLOM_DEBUG: "1" }).debug).toBe(true);
    expect(resolveConfig(KEY, { FALLOM_DEBUG: "TRUE" }).debug).toBe(true);
    expect(resolveConfig(KEY, { FALLOM_DEBUG: "yes please" }).debug).toBe(false);
    expect(resolveConfig(KEY, { OTEL_SERVICE_NAME: "checkout" }).serviceName).toBe("checkout");
    expect(resolveConfig({ ...KEY, serviceName: "api" }, { OTEL_SERVICE_NAME: "checkout" }).serviceName).toBe(
      "api",
    );
  });

  it("rejects an unknown export mode and a non-function waitUntil with a clear error", () => {
    expect(() => resolveConfig({ ...KEY, exportMode: "sometimes" as never }, {})).toThrow(/exportMode/);
    expect(() => resolveConfig({ ...KEY, waitUntil: "x" as never }, {})).toThrow(/waitUntil/);
  });
});

describe("resolveServiceUrl (SPEC §2.2 order)", () => {
  const env = {
    FALLOM_TRACES_URL: "http://env-traces",
    FALLOM_BASE_URL: "http://env-base",
  };

  it("1. the per-service option wins over everything", () => {
    expect(resolveServiceUrl("TRACES", "http://option-traces", { baseUrl: "http://option-base" }, env)).toBe(
      "http://option-traces",
    );
  });

  it("2. then the baseUrl option", () => {
    expect(resolveServiceUrl("TRACES", undefined, { baseUrl: "http://option-base" }, env)).toBe(
      "http://option-base",
    );
  });

  it("3. then FALLOM_<S>_URL", () => {
    expect(resolveServiceUrl("TRACES", undefined, {}, env)).toBe("http://env-traces");
  });

  it("4. then FALLOM_BASE_URL", () => {
    expect(resolveServiceUrl("PROMPTS", undefined, {}, env)).toBe("http://env-base");
  });

  it("5. then http://localhost:4318", () => {
    expect(resolveServiceUrl("CONFIGS", undefined, {}, {})).toBe("http://localhost:4318");
  });

  it("skips empty values, strips trailing slashes and keeps a path prefix", () => {
    expect(
      resolveServiceUrl("TRACES", "", { baseUrl: "  " }, { FALLOM_BASE_URL: "https://h.example/fallom///" }),
    ).toBe("https://h.example/fallom");
  });
});

describe("resolveCaptureContent", () => {
  it("lets FALLOM_CAPTURE_CONTENT false/0/no (any case) force capture off", () => {
    for (const value of ["false", "0", "no", "NO", " False "]) {
      expect(resolveCaptureContent(true, { FALLOM_CAPTURE_CONTENT: value })).toBe(false);
    }
  });

  it("otherwise applies the option, defaulting to on", () => {
    expect(resolveCaptureContent(false, { FALLOM_CAPTURE_CONTENT: "true" })).toBe(false);
    expect(resolveCaptureContent(undefined, { FALLOM_CAPTURE_CONTENT: "true" })).toBe(true);
    expect(resolveCaptureContent(undefined, {})).toBe(true);
  });
});
