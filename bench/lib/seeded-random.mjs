/**
 * A small seeded PRNG (mulberry32) and the draws the benchmarks need, so every generated body and
 * row is the same from run to run.
 *
 * @example
 * const random = createRandom(42);
 * random.int(1, 6); random.pick(["a", "b"]); random.hex(16);
 */

/**
 * @param {number} seed any 32-bit integer
 */
export function createRandom(seed) {
  let state = seed >>> 0;
  /** Uniform in [0, 1). */
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const HEX = "0123456789abcdef";
  return {
    next,
    /** Integer in [min, max], both inclusive. */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    /** @template T @param {readonly T[]} items @returns {T} */
    pick: (items) => /** @type {any} */ (items[Math.floor(next() * items.length)]),
    /**
     * Index drawn with the given (unnormalised) weights.
     * @param {readonly number[]} cumulative running sums of the weights
     */
    weighted(cumulative) {
      const total = cumulative[cumulative.length - 1] ?? 0;
      const x = next() * total;
      let low = 0;
      let high = cumulative.length - 1;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((cumulative[mid] ?? 0) > x) high = mid;
        else low = mid + 1;
      }
      return low;
    },
    /** Log-normal draw with the given median and spread (sigma of the underlying normal). */
    logNormal(median, sigma) {
      const u = Math.max(next(), 1e-12);
      const v = next();
      const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return median * Math.exp(sigma * normal);
    },
    /** `length` lowercase hex characters, never all zero. */
    hex(length) {
      let out = "";
      for (let i = 0; i < length; i += 1) out += HEX[Math.floor(next() * 16)];
      return /^0+$/.test(out) ? `1${out.slice(1)}` : out;
    },
  };
}

/** @param {readonly number[]} weights */
export const cumulativeWeights = (weights) => {
  let sum = 0;
  return weights.map((weight) => {
    sum += weight;
    return sum;
  });
};

/** Zipf-like weights 1/(i+1)^s for n items: a few heavy hitters, a long tail. */
export const zipfWeights = (n, s = 1) => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);

const WORDS = (
  "the model answer question customer order invoice refund shipping account password reset " +
  "please thanks summary report analysis data table chart revenue growth quarter forecast risk " +
  "policy contract clause review draft email meeting schedule calendar task project deadline " +
  "status update issue ticket priority bug feature release deploy server latency error retry " +
  "cache token prompt context window stream tool call function result search document page " +
  "paragraph section translate english french german spanish code python typescript function " +
  "variable loop array object string number boolean null undefined async await promise"
).split(" ");

/**
 * Plausible filler text of about `chars` characters (distinct per call, so nothing downstream
 * benefits from identical payloads).
 * @param {ReturnType<typeof createRandom>} random
 * @param {number} chars
 */
export function makeText(random, chars) {
  const words = [];
  let length = 0;
  while (length < chars) {
    const word = random.pick(WORDS);
    words.push(word);
    length += word.length + 1;
  }
  return `${words.join(" ").slice(0, chars - 1)}.`;
}
