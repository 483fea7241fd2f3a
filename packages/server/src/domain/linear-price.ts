/**
 * A model's price as an affine function of the token counts, derived from the pricing function
 * itself. Ingest prices every span, and `@pydantic/genai-prices` re-derives its unit lattice on
 * every call (~10 µs); for a model whose prices are flat per-token rates (no tiers, no dated or
 * time-of-day prices) the package's result is `constant + Σ count × rate`, so five calls at
 * start-up give every later result. The derivation is checked on an extra point and refused when
 * the function is not affine there, so a price shape this module does not foresee falls back to
 * the package.
 */
import type { PricedTokens } from "./price-tokens.js";
import type { PriceBreakdown } from "./price-with-override.js";

type Part = "input" | "output" | "total";
const PARTS: readonly Part[] = ["input", "output", "total"];

interface Coefficients {
  constant: number;
  /** Per input token that is neither a cache read nor a cache write. */
  input: number;
  /** Added per cache-read token (its rate minus the input rate: it is a partition of input). */
  cacheRead: number;
  /** Added per cache-write token (its rate minus the input rate). */
  cacheWrite: number;
  output: number;
}

export type LinearPrice = Record<Part, Coefficients>;

/** Large counts keep the derived rates exact to ~1e-16 relative. */
const N = 1_000_000;
const CHECK: PricedTokens = { input: 123_457, cacheRead: 23_456, cacheWrite: 6_789, output: 9_876 };

/**
 * The affine form of `price`, or null when `price` is not affine (or fails) on the probe points.
 *
 * @example
 * const linear = deriveLinearPrice((tokens) => packagePrice(tokens));
 * if (linear) evaluateLinearPrice(linear, { input: 1200, cacheRead: 1000, cacheWrite: 0, output: 50 });
 */
export function deriveLinearPrice(
  price: (tokens: PricedTokens) => PriceBreakdown | null,
): LinearPrice | null {
  const zero = price({ input: 0, cacheRead: 0, cacheWrite: 0, output: 0 });
  const input = price({ input: N, cacheRead: 0, cacheWrite: 0, output: 0 });
  const cacheRead = price({ input: N, cacheRead: N, cacheWrite: 0, output: 0 });
  const cacheWrite = price({ input: N, cacheRead: 0, cacheWrite: N, output: 0 });
  const output = price({ input: 0, cacheRead: 0, cacheWrite: 0, output: N });
  const check = price(CHECK);
  if (!zero || !input || !cacheRead || !cacheWrite || !output || !check) return null;
  const linear = {} as LinearPrice;
  for (const part of PARTS) {
    linear[part] = {
      constant: zero[part],
      input: (input[part] - zero[part]) / N,
      cacheRead: (cacheRead[part] - input[part]) / N,
      cacheWrite: (cacheWrite[part] - input[part]) / N,
      output: (output[part] - zero[part]) / N,
    };
  }
  const predicted = evaluateLinearPrice(linear, CHECK);
  for (const part of PARTS) {
    const tolerance = 1e-9 * Math.max(1e-9, Math.abs(check[part]));
    if (!(Math.abs(predicted[part] - check[part]) <= tolerance)) return null;
  }
  return linear;
}

/** The price of `tokens` (input includes the cache partitions, as everywhere in pricing). */
export function evaluateLinearPrice(linear: LinearPrice, tokens: PricedTokens): PriceBreakdown {
  const at = (c: Coefficients) =>
    c.constant +
    tokens.input * c.input +
    tokens.cacheRead * c.cacheRead +
    tokens.cacheWrite * c.cacheWrite +
    tokens.output * c.output;
  return { input: at(linear.input), output: at(linear.output), total: at(linear.total) };
}
