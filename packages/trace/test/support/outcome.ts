/** Runs `work` and captures its result or what it threw, so a test can compare both paths. */
export async function outcome<T>(work: () => Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await work() };
  } catch (error) {
    return { error };
  }
}
