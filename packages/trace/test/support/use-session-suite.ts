/**
 * The setup shared by the wrapper test files: one harness (real server + mock LLM) for the file,
 * the SDK initialised against it, a URL nobody listens on, and per-test sessions whose spans are
 * read back with content.
 */
import { startMockLlm } from "@fallom/mock-llm";
import { afterAll, beforeAll } from "vitest";
import fallom from "../../src/index.js";
import { type ApiSpan, type Harness, startHarness } from "./harness.js";

/** What {@link useSessionSuite} hands a test file; `h` and `closedUrl` are set once `beforeAll` ran. */
export interface SessionSuite {
  readonly h: Harness;
  /** A URL nobody listens on: requests to it fail with a network error. */
  readonly closedUrl: string;
  /** A fresh session (unique id per call) under the file's config key. */
  newSession(options?: { captureContent?: boolean }): {
    sessionId: string;
    session: ReturnType<typeof fallom.session>;
  };
  /** Flushes the SDK and waits for `count` spans of the session, with content. */
  spansOf(sessionId: string, count?: number): Promise<ApiSpan[]>;
}

/**
 * Registers `beforeAll`/`afterAll` hooks for the calling test file. `name` prefixes session ids and
 * names the config key (`<name>-tests`), so files never read each other's spans.
 */
export function useSessionSuite(name: string): SessionSuite {
  let harness: Harness | undefined;
  let closedUrl: string | undefined;
  let counter = 0;

  beforeAll(async () => {
    harness = await startHarness();
    await fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
    const closed = await startMockLlm({ port: 0 });
    closedUrl = closed.url;
    await closed.close();
  });
  afterAll(async () => {
    await fallom.shutdown();
    await harness?.close();
  });

  const requireHarness = (): Harness => {
    if (!harness) throw new Error("useSessionSuite: harness used before beforeAll ran");
    return harness;
  };

  return {
    get h() {
      return requireHarness();
    },
    get closedUrl() {
      if (closedUrl === undefined) throw new Error("useSessionSuite: closedUrl used before beforeAll ran");
      return closedUrl;
    },
    newSession(options = {}) {
      counter += 1;
      const sessionId = `${name}-${counter}-${Date.now()}`;
      return { sessionId, session: fallom.session({ configKey: `${name}-tests`, sessionId, ...options }) };
    },
    async spansOf(sessionId, count = 1) {
      await fallom.flush();
      return requireHarness().server.waitForSpans({ session_id: sessionId, include: "content" }, count, {
        settleMs: 400,
      });
    },
  };
}
