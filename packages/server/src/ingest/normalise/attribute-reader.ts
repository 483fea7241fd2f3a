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
  const prefixed = (prefix: string): Record<string, AttributeValue> => ({
    ...collectPrefixed(span.resourceAttributes, prefix),
    ...collectPrefixed(span.attributes, prefix),
  });
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
    hasPrefix: (prefix) =>
      hasKeyWithPrefix(span.attributes, prefix) || hasKeyWithPrefix(span.resourceAttributes, prefix),
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

function collectPrefixed(attributes: Attributes, prefix: string): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith(prefix) && key.length > prefix.length) result[key.slice(prefix.length)] = value;
  }
  return result;
}

function hasKeyWithPrefix(attributes: Attributes, prefix: string): boolean {
  for (const key of Object.keys(attributes)) if (key.startsWith(prefix)) return true;
  return false;
}
