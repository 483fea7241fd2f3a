/**
 * W1 session-bound views of a vendor client: a Proxy per session that traces the listed methods
 * and hands everything else through, so the caller's client is never mutated and many sessions can
 * wrap one client at once.
 */

/** Builds the traced replacement of one method; `owner` is the real object the method lives on. */
export type TracedMethodFactory = (original: (...args: unknown[]) => unknown, owner: object) => unknown;

/** Which properties to trace: a nested path of sub-resources ending in method factories. */
export interface MethodTree {
  [property: string]: MethodTree | TracedMethodFactory;
}

/** View → the client it shows, so wrapping a view wraps the client itself (never two spans). */
const viewTargets = new WeakMap<object, object>();

/**
 * The real object behind a view (or the object itself when it is not one of our views).
 *
 * @example unwrapClientView(createClientView(client, tree)) === client // true
 */
export function unwrapClientView<T extends object>(value: T): T {
  return (viewTargets.get(value) as T | undefined) ?? value;
}

/**
 * A view of `target` where the methods named in `tree` are replaced by their traced versions.
 * Sub-resources along a traced path are views too; every other function is bound to the real
 * object (vendor classes keep `#private` state that a Proxy receiver would break), every other
 * value is returned as is. `instanceof` keeps working because the prototype is the target's.
 *
 * @example
 * const view = createClientView(client, { chat: { completions: { create: traceCreate } } });
 * view instanceof OpenAI; // true
 * view.models.list; // the real method, bound to client.models
 */
export function createClientView<T extends object>(target: T, tree: MethodTree): T {
  const real = unwrapClientView(target);
  const cache = new Map<PropertyKey, { source: unknown; view: unknown }>();
  const view = new Proxy(real, {
    get(object, property, _receiver) {
      const value: unknown = Reflect.get(object, property, object);
      const branch =
        typeof property === "string" && Object.hasOwn(tree, property) ? tree[property] : undefined;
      const cached = cache.get(property);
      if (cached && cached.source === value) return cached.view;
      let result: unknown;
      if (branch !== undefined && typeof branch === "function" && typeof value === "function") {
        result = branch(value as (...args: unknown[]) => unknown, object);
      } else if (branch !== undefined && typeof branch === "object" && isObject(value)) {
        result = createClientView(value, branch);
      } else if (typeof value === "function") {
        // Classes (e.g. `OpenAI.APIError` on the instance) must stay constructible: bind only methods.
        result = isClass(value as (...args: unknown[]) => unknown) ? value : value.bind(object);
      } else {
        return value;
      }
      cache.set(property, { source: value, view: result });
      return result;
    },
  });
  viewTargets.set(view, real);
  return view;
}

function isObject(value: unknown): value is object {
  return (typeof value === "object" || typeof value === "function") && value !== null;
}

function isClass(value: (...args: unknown[]) => unknown): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(value));
}
