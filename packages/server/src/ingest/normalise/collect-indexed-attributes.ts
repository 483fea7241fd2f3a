/**
 * Regroups flattened list attributes (`gen_ai.prompt.0.role`, `llm.input_messages.1.message.content`)
 * into ordered entries. OpenLLMetry and OpenInference flatten lists this way because OTel
 * attributes cannot hold lists of objects.
 */

/**
 * Groups keys of the form `{index}.{rest}` by index, in ascending index order. Keys that do not
 * start with an integer segment are ignored.
 *
 * @example
 * collectIndexedAttributes({ "1.role": "user", "0.role": "system", "0.content": "Be brief" })
 * // [{ role: "system", content: "Be brief" }, { role: "user" }]
 */
export function collectIndexedAttributes<T>(flat: Record<string, T>): Array<Record<string, T>> {
  const groups = new Map<number, Record<string, T>>();
  for (const [key, value] of Object.entries(flat)) {
    const match = /^(\d+)\.(.+)$/.exec(key);
    if (!match?.[1] || !match[2]) continue;
    const index = Number(match[1]);
    const group = groups.get(index) ?? {};
    group[match[2]] = value;
    groups.set(index, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

/** The entries of `flat` under `prefix`, with the prefix removed (`"tool_calls."` → `"0.name"`…). */
export function subAttributes<T>(flat: Record<string, T>, prefix: string): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (key.startsWith(prefix)) result[key.slice(prefix.length)] = value;
  }
  return result;
}
