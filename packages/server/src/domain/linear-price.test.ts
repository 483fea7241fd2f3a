import { calcPrice } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { deriveLinearPrice, evaluateLinearPrice } from "./linear-price.js";
import type { PricedTokens } from "./price-tokens.js";
import { forgetGenaiPriceMatches, priceWithGenaiPrices } from "./price-with-genai-prices.js";

/** Flat-rate, tiered (gemini-*-pro) and time-of-day (deepseek-chat) prices of the package's data. */
const MODELS: Array<[string, string]> = [
  ["openai", "gpt-4o"],
  ["openai", "gpt-4o-mini"],
  ["openai", "o4-mini"],
  ["anthropic", "claude-3-5-haiku-20241022"],
  ["anthropic", "claude-sonnet-4-20250514"],
  ["google", "gemini-2.0-flash"],
  ["google", "gemini-2.5-pro"],
  ["google", "gemini-1.5-pro"],
  ["deepseek", "deepseek-chat"],
  ["mistral", "mistral-large-latest"],
];

/** Deterministic usages from tiny to beyond the 128k/200k tier starts. */
function usages(): PricedTokens[] {
  const out: PricedTokens[] = [
    { input: 0, cacheRead: 0, cacheWrite: 0, output: 0 },
    { input: 1, cacheRead: 0, cacheWrite: 0, output: 1 },
    { input: 1200, cacheRead: 1000, cacheWrite: 0, output: 50 },
    { input: 250_000, cacheRead: 10_000, cacheWrite: 5_000, output: 9_000 },
  ];
  let seed = 7;
  const next = (max: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % max;
  };
  for (let i = 0; i < 200; i += 1) {
    const input = next(i % 10 === 0 ? 400_000 : 20_000);
    const cacheRead = next(input + 1);
    const cacheWrite = next(input - cacheRead + 1);
    out.push({ input, cacheRead, cacheWrite, output: next(5_000) });
  }
  return out;
}

function packagePrice(provider: string, model: string, tokens: PricedTokens, at: Date) {
  const result = calcPrice(
    {
      input_tokens: tokens.input,
      cache_read_tokens: tokens.cacheRead,
      cache_write_tokens: tokens.cacheWrite,
      output_tokens: tokens.output,
    },
    model,
    { providerId: provider, timestamp: at },
  );
  return result && { input: result.input_price, output: result.output_price, total: result.total_price };
}

describe("priceWithGenaiPrices with derived rates", () => {
  it.each(MODELS)(
    "prices %s %s as the package does, for every usage (flat, tiered, time-of-day)",
    (provider, model) => {
      forgetGenaiPriceMatches();
      const at = new Date("2026-11-27T12:00:00Z");
      for (const tokens of usages()) {
        const ours = priceWithGenaiPrices(provider, model, null, tokens, at);
        const theirs = packagePrice(provider, model, tokens, at);
        expect(theirs).not.toBeNull();
        for (const part of ["input", "output", "total"] as const) {
          const expected = theirs?.[part] ?? Number.NaN;
          // Rounded to 1e-12 USD on storage; agreement here is to ~1e-15 relative.
          expect(Math.abs((ours?.[part] ?? Number.NaN) - expected)).toBeLessThanOrEqual(
            1e-13 * Math.max(1, expected),
          );
        }
      }
    },
  );
});

describe("deriveLinearPrice", () => {
  it("recovers the rates of an affine price", () => {
    const price = (t: PricedTokens) => {
      const input =
        0.01 + (t.input - t.cacheRead - t.cacheWrite) * 2e-6 + t.cacheRead * 1e-6 + t.cacheWrite * 3e-6;
      const output = t.output * 8e-6;
      return { input, output, total: input + output };
    };
    const linear = deriveLinearPrice(price);
    expect(linear).not.toBeNull();
    const tokens = { input: 5000, cacheRead: 1000, cacheWrite: 200, output: 300 };
    const got = evaluateLinearPrice(linear as NonNullable<typeof linear>, tokens);
    expect(got.total).toBeCloseTo(price(tokens).total, 15);
    expect(linear?.input.cacheRead).toBeCloseTo(-1e-6, 18);
  });

  it("refuses a price that is not affine (a tier) and one that fails", () => {
    const tiered = (t: PricedTokens) => {
      const rate = t.input > 500_000 ? 4e-6 : 2e-6;
      return { input: t.input * rate, output: 0, total: t.input * rate };
    };
    expect(deriveLinearPrice(tiered)).toBeNull();
    expect(deriveLinearPrice(() => null)).toBeNull();
  });
});
