import { describe, expect, it } from "vitest";
import { toJsonSafe } from "./to-json-safe.js";

describe("toJsonSafe", () => {
  it("turns binary parts into data URIs with the part's media type", () => {
    expect(toJsonSafe([{ type: "image", image: new Uint8Array([1, 2]), mediaType: "image/png" }])).toEqual([
      { type: "image", image: "data:image/png;base64,AQI=", mediaType: "image/png" },
    ]);
    expect(toJsonSafe({ data: new Uint8Array([255]).buffer })).toEqual({
      data: "data:application/octet-stream;base64,/w==",
    });
  });

  it("keeps URLs as strings and drops functions", () => {
    expect(toJsonSafe({ image: new URL("https://x.test/a.png"), run: () => 1, text: "hi" })).toEqual({
      image: "https://x.test/a.png",
      text: "hi",
    });
  });
});
