/**
 * Attribute lookup with the SPEC §6.2 rule "each attribute is looked up on the span, then on
 * its resource" built in, so no mapper can forget the resource fallback.
 */
import type { Attributes, AttributeValue, RawSpan } from "../raw-span.js";
import { parseJson, toBoolean, toNumber, toText } from "./coerce-attribute-value.js";

export interface AttributeReader {
  readonly span: RawSpan;
  /** The raw value: span attribute, else resource attribute, else undefined. */
  get(key: string): AttributeValue | undefined;
  has(key: string): boolean;
  text(key: string): string | undefined;
  number(key: string): number | undefined;
  boolean(key: string): boolean | undefined;
  /** Parsed JSON of a string attribute, or the structured value itself. */
  json(key: string): unknown;
  /** First present key wins, read as text. */
  firstText(...keys: string[]): string | undefined;
  /** First present key wins, read as a number. */
  firstNumber(...keys: string[]): number | undefined;
  /** Every attribute under `prefix`, keyed by the rest of its name; span values beat resource values. */
  prefixed(prefix: string): Record<string, AttributeValue>;
  hasPrefix(prefix: string): boolean;
  /** A resource attribute only (e.g. `service.name`, which must not come from a span). */
  resource(key: string): AttributeValue | undefined;
}

/**
 * @example
 * const read = createAttributeReader(span);
 * read.text("gen_ai.request.model"); // span first, then resource
 */
export function createAttributeReader(span: RawSpan): AttributeReader {
  const get = (key: string): AttributeValue | undefined =>
    span.attributes[key] ?? span.resourceAttributes[key];
  // A dozen prefix lookups per span, mostly for conventions the span does not use: index the
  // keys once (lazily), and answer "no such namespace" without scanning.
  let spanKeys: KeyIndex | undefined;
  let resourceKeys: KeyIndex | undefined;
  const spanIndex = () => (spanKeys ??= indexKeys(span.attributes));
  const resourceIndex = () => (resourceKeys ??= resourceIndexOf(span.resourceAttributes));
  const prefixed = (prefix: string): Record<string, AttributeValue> => {
    const result: Record<string, AttributeValue> = {};
    // Span values beat resource values: resource first, then the span overwrites.
    collectPrefixed(span.resourceAttributes, resourceIndex(), prefix, result);
    collectPrefixed(span.attributes, spanIndex(), prefix, result);
    return result;
  };
  return {
    span,
    get,
    has: (key) => get(key) !== undefined,
    text: (key) => toText(get(key)),
    number: (key) => toNumber(get(key)),
    boolean: (key) => toBoolean(get(key)),
    json: (key) => parseJson(get(key)),
    firstText: (...keys) => firstDefined(keys, (key) => toText(get(key))),
    firstNumber: (...keys) => firstDefined(keys, (key) => toNumber(get(key))),
    prefixed,
    hasPrefix: (prefix) => hasKeyWithPrefix(spanIndex(), prefix) || hasKeyWithPrefix(resourceIndex(), prefix),
    resource: (key) => span.resourceAttributes[key],
  };
}

function firstDefined<T>(keys: string[], read: (key: string) => T | undefined): T | undefined {
  for (const key of keys) {
    const value = read(key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The keys in their original order, and the first dot-separated segments present. */
interface KeyIndex {
  keys: string[];
  namespaces: Set<string>;
}

// The decoders give every span of one resource the same attributes object: index it once.
const resourceIndexes = new WeakMap<Attributes, KeyIndex>();

function resourceIndexOf(attributes: Attributes): KeyIndex {
  let index = resourceIndexes.get(attributes);
  if (!index) {
    index = indexKeys(attributes);
    resourceIndexes.set(attributes, index);
  }
  return index;
}

function indexKeys(attributes: Attributes): KeyIndex {
  const keys = Object.keys(attributes);
  const namespaces = new Set<string>();
  for (const key of keys) {
    const dot = key.indexOf(".");
    namespaces.add(dot === -1 ? key : key.slice(0, dot));
  }
  return { keys, namespaces };
}

/** False only when no key can start with `prefix` (a dotted prefix whose namespace is absent). */
function mayHavePrefix(index: KeyIndex, prefix: string): boolean {
  const dot = prefix.indexOf(".");
  return dot === -1 || index.namespaces.has(prefix.slice(0, dot));
}

function collectPrefixed(
  attributes: Attributes,
  index: KeyIndex,
  prefix: string,
  into: Record<string, AttributeValue>,
): void {
  if (!mayHavePrefix(index, prefix)) return;
  for (const key of index.keys) {
    if (key.length > prefix.length && key.startsWith(prefix)) {
      into[key.slice(prefix.length)] = attributes[key] as AttributeValue;
    }
  }
}

function hasKeyWithPrefix(index: KeyIndex, prefix: string): boolean {
  if (!mayHavePrefix(index, prefix)) return false;
  for (const key of index.keys) if (key.startsWith(prefix)) return true;
  return false;
}
