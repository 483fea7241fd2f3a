/**
 * A minimal protobuf wire-format writer for the OTLP trace request: one growable buffer, one pass.
 * A nested message reserves room for its length up front and is moved only when the length needs
 * more bytes than reserved, so every length stays a minimal varint (byte-identical to other
 * encoders, decodable by any protobuf reader).
 */
import { Buffer } from "node:buffer";

/** Strings up to this length are copied in JS; longer ones go through the native UTF-8 encoder. */
const SHORT_STRING = 48;

export class ProtobufWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** The bytes written so far (a view of the buffer, not a copy). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** A field key: (field << 3) | wireType. */
  tag(field: number, wireType: number): void {
    this.uint32((field << 3) | wireType);
  }

  /** An unsigned 32-bit varint. */
  uint32(value: number): void {
    this.ensure(5);
    let v = value >>> 0;
    while (v > 0x7f) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }

  /** An int64 varint from a JS integer (negative values in two's complement, ten bytes). */
  int64(value: number): void {
    if (value >= 0 && value <= 0xffffffff) {
      this.uint32(value);
      return;
    }
    this.ensure(10);
    let low: number;
    let high: number;
    if (value >= 0) {
      low = value >>> 0;
      high = (value / 0x100000000) >>> 0;
    } else {
      const abs = Math.abs(value);
      low = ~(abs >>> 0) >>> 0;
      high = ~((abs / 0x100000000) >>> 0) >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    while (high > 0 || low > 0x7f) {
      this.buf[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    this.buf[this.pos++] = low & 0x7f;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(low >>> 0, this.pos);
    this.buf.writeUInt32LE(high >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** Length-delimited raw bytes. */
  bytes(value: Uint8Array): void {
    this.uint32(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** Already-encoded bytes, copied as they are (a cached field). */
  raw(value: Uint8Array): void {
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** A length-delimited UTF-8 string (lone surrogates become U+FFFD, as with TextEncoder). */
  string(value: string): void {
    const length = value.length;
    if (length <= SHORT_STRING) {
      this.ensure(length + 1);
      const start = this.pos;
      const buf = this.buf;
      let at = start + 1;
      let i = 0;
      for (; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code > 0x7f) break;
        buf[at++] = code;
      }
      if (i === length) {
        buf[start] = length;
        this.pos = at;
        return;
      }
    }
    // Written after room for the longest possible length, then moved back if the length is shorter:
    // one native call instead of measuring and then writing.
    const reserve = varintSize(length * 3);
    this.ensure(reserve + length * 3);
    const start = this.begin(reserve);
    this.pos += this.buf.write(value, this.pos, "utf8");
    this.end(start, reserve);
  }

  /** A hex id as length-delimited bytes; odd characters read as OTel's hex reader reads them. */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1;
    this.uint32(length);
    this.ensure(length);
    if (this.buf.write(hex, this.pos, "hex") === length && hex.length === length * 2) {
      this.pos += length;
      return;
    }
    const buf = this.buf;
    let at = this.pos;
    for (let i = 0; i < length * 2; i += 2) {
      buf[at++] = ((hexValue(hex.charCodeAt(i)) << 4) | hexValue(hex.charCodeAt(i + 1))) & 0xff;
    }
    this.pos = at;
  }

  /**
   * Starts a nested message: reserves `reserve` bytes for its length and returns the position to
   * hand to `end`.
   */
  begin(reserve: number): number {
    this.ensure(reserve);
    const start = this.pos;
    this.pos += reserve;
    return start;
  }

  /** Writes the nested message's length at `start`, moving the body when the varint size differs. */
  end(start: number, reserve: number): void {
    const bodyStart = start + reserve;
    const length = this.pos - bodyStart;
    const size = varintSize(length);
    if (size !== reserve) {
      if (size > reserve) this.ensure(size - reserve);
      this.buf.copyWithin(start + size, bodyStart, this.pos);
      this.pos += size - reserve;
    }
    let at = start;
    let v = length;
    while (v > 0x7f) {
      this.buf[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[at] = v;
  }
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return code - 55;
}

/** Bytes of the varint encoding of a non-negative 32-bit length. */
export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}
