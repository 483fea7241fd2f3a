import { afterAll, beforeAll, beforeEach } from "vitest";
import { type MockLlm, startMockLlm } from "../start-mock-llm.js";

/**
 * Starts one mock server for a test file and clears its recorded requests before each test.
 * The returned object is filled in `beforeAll`.
 */
export function useMockLlm(): { current: MockLlm } {
  const holder = {} as { current: MockLlm };
  beforeAll(async () => {
    holder.current = await startMockLlm();
  });
  beforeEach(() => {
    holder.current.requests.length = 0;
  });
  afterAll(async () => {
    await holder.current?.close();
  });
  return holder;
}
