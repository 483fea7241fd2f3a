import { describe, expect, it } from "vitest";
import { renderMediaUrls } from "./render-media-urls.js";

const SHA = "8af2967a7109d7106f9ecbf50b55ad19b8cc9617725a86fe0995c275966a6e34";

describe("renderMediaUrls", () => {
  it("turns every media reference into a URL under the base", () => {
    const value = {
      messages: [
        { content: [{ type: "image_url", image_url: { url: `fallom-media:${SHA}`, detail: "low" } }] },
      ],
      parts: [{ type: "uri", uri: `fallom-media:${SHA}` }],
    };
    expect(renderMediaUrls(value, "https://fallom.example.com/")).toEqual({
      messages: [
        {
          content: [
            {
              type: "image_url",
              image_url: { url: `https://fallom.example.com/media/${SHA}`, detail: "low" },
            },
          ],
        },
      ],
      parts: [{ type: "uri", uri: `https://fallom.example.com/media/${SHA}` }],
    });
  });

  it("renders references inside longer strings", () => {
    expect(renderMediaUrls(`{"url":"fallom-media:${SHA}"}`, "http://localhost:4318")).toBe(
      `{"url":"http://localhost:4318/media/${SHA}"}`,
    );
  });

  it("leaves everything else as it is, without copying", () => {
    const value = { url: "https://example.com/a.png", note: "fallom-media:not-a-hash", n: 1, nothing: null };
    expect(renderMediaUrls(value, "https://x")).toBe(value);
    expect(renderMediaUrls(null, "https://x")).toBeNull();
  });

  it("does not mutate its input", () => {
    const value = { url: `fallom-media:${SHA}` };
    renderMediaUrls(value, "https://x");
    expect(value.url).toBe(`fallom-media:${SHA}`);
  });
});
