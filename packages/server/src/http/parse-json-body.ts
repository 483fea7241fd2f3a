/**
 * Request bodies of the management API: JSON validated with a zod schema, every problem answered
 * with one 400 that names the field, says what was expected and shows the accepted shape.
 */
import type { z } from "zod";
import { ApiError } from "./api-error.js";

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "body";
  return `${field}: ${issue.message}`;
}

/**
 * Parses `request`'s JSON body with `schema`. An empty body counts as `{}` when `emptyAsObject`
 * (endpoints whose fields are all optional).
 *
 * @example
 * const body = await parseJsonBody(c.req.raw, z.object({ name: z.string() }), 'Send {"name": "ci"}.');
 */
export async function parseJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  shape: string,
  options: { emptyAsObject?: boolean } = {},
): Promise<z.output<Schema>> {
  const text = await request.text();
  let value: unknown;
  if (text.trim() === "" && options.emptyAsObject) {
    value = {};
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError(400, "invalid_json", `The request body must be JSON. ${shape}`);
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(describeIssue).join("; ");
    throw new ApiError(400, "invalid_body", `Invalid request body: ${problems}. ${shape}`);
  }
  return result.data;
}
