import { describe, expect, it } from "vitest";
import { countImageInputs } from "./count-image-inputs.js";

const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

describe("countImageInputs", () => {
  it("counts OpenAI chat image parts, data URIs and http URLs alike", () => {
    const body = {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in these?" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
            { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
          ],
        },
      ],
    };
    expect(countImageInputs(body)).toEqual({ count: 2 });
  });

  it("counts Responses, Anthropic and Gemini image parts", () => {
    expect(
      countImageInputs({ input: [{ content: [{ type: "input_image", image_url: "https://x/y.png" }] }] })
        .count,
    ).toBe(1);
    expect(
      countImageInputs({
        messages: [
          { content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: PNG } }] },
        ],
      }).count,
    ).toBe(1);
    expect(
      countImageInputs({ contents: [{ parts: [{ inlineData: { mimeType: "image/png", data: PNG } }] }] })
        .count,
    ).toBe(1);
  });

  it("reports malformed base64 payloads", () => {
    expect(
      countImageInputs({
        messages: [{ content: [{ type: "image_url", image_url: { url: "data:image/png;base64,@@@" } }] }],
      }).invalid,
    ).toMatch(/base64/);
    expect(
      countImageInputs({
        messages: [{ content: [{ type: "image", source: { type: "base64", data: "abc" } }] }],
      }).invalid,
    ).toMatch(/base64/);
  });

  it("counts nothing in a text-only body", () => {
    expect(countImageInputs({ messages: [{ role: "user", content: "hi" }] })).toEqual({ count: 0 });
  });
});
