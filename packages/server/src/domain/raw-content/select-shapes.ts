/**
 * Which shape parser reads a raw request and a raw response: by `fallom.method`, then by the
 * payload's keys, then by the provider, else the generic parser.
 */
import { isRecord } from "../json-value.js";
import type { Shape } from "./shape-parser.js";

const METHOD_SHAPES: Array<[RegExp, Shape]> = [
  [/(^|\.)responses(\.|$)/, "openai-responses"],
  [/chat\.?completions|^completions/, "openai-chat"],
  [/(^|\.)messages\.(create|stream)$/, "anthropic"],
  [/generatecontent|sendmessage/, "google"],
  [/(generate|stream)(text|object)$|\.do(generate|stream)$/, "vercel"],
];

/** Method names are compared case-blind and without `_`, so `generate_content` matches `generateContent`. */
function shapeFromMethod(method: string | null): Shape | null {
  if (!method) return null;
  const key = method.toLowerCase().replaceAll("_", "");
  return METHOD_SHAPES.find(([pattern]) => pattern.test(key))?.[1] ?? null;
}

function shapeFromProvider(provider: string | null): Shape | null {
  if (provider === "anthropic") return "anthropic";
  if (provider === "google" || provider === "vertex") return "google";
  return null;
}

function shapeFromRequest(request: unknown): Shape | null {
  if (!isRecord(request)) return null;
  if (["contents", "systemInstruction", "system_instruction"].some((key) => key in request)) return "google";
  if ("instructions" in request || "input" in request) return "openai-responses";
  if ("prompt" in request) return "vercel";
  if ("system" in request) return "anthropic";
  if ("messages" in request) return "openai-chat";
  return null;
}

function shapeFromResponse(response: unknown): Shape | null {
  if (!isRecord(response)) return null;
  if ("candidates" in response) return "google";
  if (Array.isArray(response.output)) return "openai-responses";
  if ("choices" in response) return "openai-chat";
  if (["steps", "responseMessages", "toolResults", "object"].some((key) => key in response)) return "vercel";
  if (Array.isArray(response.content) || "stop_reason" in response) return "anthropic";
  return null;
}

/**
 * The shape of each side; a method that names a shape decides both sides.
 *
 * @example selectShapes({ method: null, provider: "anthropic", request: { system: "…" }, response: {} })
 * // { request: "anthropic", response: "anthropic" }
 */
export function selectShapes(input: {
  method: string | null;
  provider: string | null;
  request: unknown;
  response: unknown;
}): { request: Shape; response: Shape } {
  const fromMethod = shapeFromMethod(input.method);
  const fromProvider = shapeFromProvider(input.provider);
  return {
    request: fromMethod ?? shapeFromRequest(input.request) ?? fromProvider ?? "generic",
    response: fromMethod ?? shapeFromResponse(input.response) ?? fromProvider ?? "generic",
  };
}
