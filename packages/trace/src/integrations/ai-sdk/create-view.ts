/**
 * A session-bound view of a vendor object (SPEC §2.4 W1): a Proxy that serves `overrides` for the
 * named properties and everything else from the untouched target. Getters run against the target
 * and other methods are bound to it, so private state keeps working; bound methods are cached so
 * `view.method === view.method` holds. `instanceof` works because the prototype is the target's.
 *
 * @example const view = createView(model, { generateContent: tracedGenerateContent });
 */
const VIEW_TARGET = Symbol("fallom.viewTarget");

/**
 * The vendor object behind a view made by {@link createView}, or the value itself. Wrapping a view
 * again wraps its target, so a re-wrapped client is traced once (W1).
 */
export function unwrapView<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  const target = (value as Record<symbol, unknown>)[VIEW_TARGET];
  return target === undefined ? value : (target as T);
}

export function createView<T extends object>(target: T, overrides: Record<PropertyKey, unknown>): T {
  const bound = new Map<PropertyKey, { original: unknown; bound: unknown }>();
  return new Proxy(target, {
    get(object, property) {
      if (property === VIEW_TARGET) return object;
      if (Object.hasOwn(overrides, property)) return overrides[property];
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== "function") return value;
      const cached = bound.get(property);
      if (cached && cached.original === value) return cached.bound;
      const fn = value as (...args: unknown[]) => unknown;
      const wrapper = fn.bind(object);
      bound.set(property, { original: value, bound: wrapper });
      return wrapper;
    },
  });
}
