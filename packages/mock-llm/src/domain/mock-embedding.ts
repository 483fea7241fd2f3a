/**
 * A deterministic unit-length embedding of a text: the same text and dimension always give the same
 * vector, different texts give unrelated vectors.
 *
 * @example
 * ```ts
 * const vector = mockEmbedding("hello", 8); // 8 numbers, sum of squares ≈ 1
 * ```
 */
export function mockEmbedding(text: string, dimensions: number): number[] {
  let state = hashText(`${dimensions}:${text}`);
  const values: number[] = [];
  for (let index = 0; index < dimensions; index++) {
    state = (state + 0x6d2b79f5) >>> 0;
    values.push(randomFromState(state) * 2 - 1);
  }
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
  return values.map((value) => value / norm);
}

/** Encodes a vector as OpenAI does for `encoding_format: "base64"`: little-endian float32 bytes. */
export function toBase64Float32(values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => {
    bytes.writeFloatLE(value, index * 4);
  });
  return bytes.toString("base64");
}

/** FNV-1a, 32 bit. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** One mulberry32 step: a float in [0, 1). */
function randomFromState(state: number): number {
  let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
  mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
  return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
}
