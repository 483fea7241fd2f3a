type JsonSchema = Record<string, unknown>;

const MAX_DEPTH = 6;

/**
 * Builds deterministic arguments for a tool from its JSON schema (OpenAI `parameters`, Anthropic
 * `input_schema`, Gemini `parameters` with upper-case types). Each property gets: its first `enum`
 * value or its `const`; else `"mock-<name>"` for strings, `1` for numbers and integers, `true` for
 * booleans, a one-element array, or a nested object. Only `required` properties are filled when the
 * schema lists them; otherwise every property is.
 *
 * @example
 * ```ts
 * mockToolArguments({ type: "object", properties: { city: { type: "string" } }, required: ["city"] });
 * // { city: "mock-city" }
 * ```
 */
export function mockToolArguments(schema: unknown): Record<string, unknown> {
  const value = mockValue(schema, "value", 0);
  return isObject(value) ? value : {};
}

function mockValue(schema: unknown, name: string, depth: number): unknown {
  if (!isObject(schema) || depth > MAX_DEPTH) return `mock-${name}`;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("const" in schema) return schema.const;
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    const usable = alternatives.find((alternative) => schemaType(alternative) !== "null");
    return mockValue(usable ?? alternatives[0], name, depth + 1);
  }
  switch (schemaType(schema)) {
    case "number":
    case "integer":
      return 1;
    case "boolean":
      return true;
    case "null":
      return null;
    case "array":
      return [mockValue(schema.items, name, depth + 1)];
    case "object":
      return mockObject(schema, depth);
    case "string":
      return `mock-${name}`;
    default:
      return isObject(schema.properties) ? mockObject(schema, depth) : `mock-${name}`;
  }
}

function mockObject(schema: JsonSchema, depth: number): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required)
    ? schema.required.filter((key): key is string => typeof key === "string")
    : Object.keys(properties);
  const result: Record<string, unknown> = {};
  for (const key of required) result[key] = mockValue(properties[key], key, depth + 1);
  return result;
}

function schemaType(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  const type = Array.isArray(schema.type) ? schema.type.find((item) => item !== "null") : schema.type;
  return typeof type === "string" ? type.toLowerCase() : undefined;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
