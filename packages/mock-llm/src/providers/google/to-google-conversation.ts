import type { Conversation, ToolChoice, ToolSpec } from "../../domain/plan-turn.js";
import { asArray, asObjectArray, asString, isJsonObject, type JsonObject } from "../json-fields.js";

/**
 * Reads a Gemini `generateContent` request: the prompt is the `systemInstruction` text followed by
 * every content's `text` parts and `functionResponse.response` (as JSON); tools are the
 * `functionDeclarations`.
 *
 * @example
 * ```ts
 * toGoogleConversation({ contents: [{ role: "user", parts: [{ text: "Hi" }] }] }).promptText; // "Hi"
 * ```
 */
export function toGoogleConversation(body: JsonObject): Conversation {
  const contents = asObjectArray(body.contents);
  const lastUserText =
    [...contents]
      .reverse()
      .filter((content) => content.role === undefined || content.role === "user")
      .map((content) => partsText(content, false))
      .find((text) => text !== "") ?? "";
  const lastParts = asObjectArray(contents.at(-1)?.parts);
  return {
    promptText:
      systemText(body.systemInstruction) + contents.map((content) => partsText(content, true)).join(""),
    lastUserText,
    endsWithToolResult: lastParts.some((part) => part.functionResponse !== undefined),
    tools: toTools(body.tools),
    toolChoice: toToolChoice(body.toolConfig),
    parallelToolCalls: true,
  };
}

function systemText(instruction: unknown): string {
  if (typeof instruction === "string") return instruction;
  return isJsonObject(instruction) ? partsText(instruction, true) : "";
}

function partsText(content: JsonObject, withFunctionResponses: boolean): string {
  return asObjectArray(content.parts)
    .map((part) => {
      if (typeof part.text === "string") return part.text;
      if (withFunctionResponses && isJsonObject(part.functionResponse)) {
        return JSON.stringify(part.functionResponse.response ?? {});
      }
      return "";
    })
    .join("");
}

function toTools(tools: unknown): ToolSpec[] {
  return asObjectArray(tools).flatMap((tool) =>
    asObjectArray(tool.functionDeclarations).flatMap((declaration) => {
      const name = asString(declaration.name);
      const parameters = declaration.parameters ?? declaration.parametersJsonSchema;
      return name === undefined ? [] : [{ name, parameters }];
    }),
  );
}

function toToolChoice(toolConfig: unknown): ToolChoice {
  const config =
    isJsonObject(toolConfig) && isJsonObject(toolConfig.functionCallingConfig)
      ? toolConfig.functionCallingConfig
      : {};
  const mode = asString(config.mode)?.toUpperCase();
  if (mode === "NONE") return { kind: "none" };
  if (mode === "ANY") {
    const allowed = asArray(config.allowedFunctionNames).filter(
      (name): name is string => typeof name === "string",
    );
    const [only] = allowed;
    return allowed.length === 1 && only !== undefined ? { kind: "named", name: only } : { kind: "required" };
  }
  return { kind: "auto" };
}
