/**
 * The prompts and prompt A/B tests the SDK has seen (SPEC §7.4, §8.3). `GET /prompts` lists every
 * version with each key's current one last, so "current" is the last entry received for a key;
 * every version stays cached for pinning.
 */
import { RemoteError } from "../ab/fetch-json.js";
import {
  type PromptAbTest,
  type PromptVersion,
  readPromptAbTest,
  readPromptVersion,
} from "../ab/wire-types.js";

export class PromptCache {
  #current = new Map<string, PromptVersion>();
  readonly #versions = new Map<string, Map<number, PromptVersion>>();
  #abTests = new Map<string, PromptAbTest>();

  /** @example cache.currentPrompt("onboarding")?.version */
  currentPrompt(key: string): PromptVersion | undefined {
    return this.#current.get(key);
  }

  promptVersion(key: string, version: number): PromptVersion | undefined {
    return this.#versions.get(key)?.get(version);
  }

  abTest(key: string): PromptAbTest | undefined {
    return this.#abTests.get(key);
  }

  /** @throws RemoteError when the answer is not `{"prompts": [...]}`. */
  applyPromptList(answer: unknown): void {
    const list = (answer as { prompts?: unknown } | null)?.prompts;
    if (!Array.isArray(list)) throw new RemoteError('GET /prompts answered without a "prompts" array');
    const current = new Map<string, PromptVersion>();
    for (const entry of list) {
      const prompt = readPromptVersion(entry);
      if (!prompt) continue;
      current.set(prompt.key, prompt);
      this.addPromptVersion(prompt);
    }
    this.#current = current;
  }

  addPromptVersion(prompt: PromptVersion): void {
    let versions = this.#versions.get(prompt.key);
    if (!versions) {
      versions = new Map();
      this.#versions.set(prompt.key, versions);
    }
    versions.set(prompt.version, prompt);
  }

  /** @throws RemoteError when the answer is not `{"prompt_ab_tests": [...]}`. */
  applyAbTestList(answer: unknown): void {
    const list = (answer as { prompt_ab_tests?: unknown } | null)?.prompt_ab_tests;
    if (!Array.isArray(list)) {
      throw new RemoteError('GET /prompt-ab-tests answered without a "prompt_ab_tests" array');
    }
    const tests = new Map<string, PromptAbTest>();
    for (const entry of list) {
      const test = readPromptAbTest(entry);
      if (test) tests.set(test.key, test);
    }
    this.#abTests = tests;
  }
}
