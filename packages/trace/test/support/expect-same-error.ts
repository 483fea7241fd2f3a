import { expect } from "vitest";

/** Asserts the wrapped client threw what the unwrapped one threw: same class, same message. */
export function expectSameError(actual: unknown, expected: unknown): void {
  expect(expected).toBeInstanceOf(Error);
  expect((actual as Error).constructor).toBe((expected as Error).constructor);
  expect((actual as Error).message).toBe((expected as Error).message);
}
