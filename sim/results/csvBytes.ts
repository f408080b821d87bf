/**
 * CSV rows built as bytes in a Buffer, for the one table with a row per image (images.csv: 14 fields x 10^6
 * rows in the headline run). Building each row as a string and joining blocks of them made ~10^7 short-lived
 * strings; writing the digits straight into a buffer makes none. The text is exactly what the string path
 * writes: integers as String(n) does, times as micros() does (micros.ts; test/results/csvBytes.test.ts
 * compares the two on a million values).
 */
import { micros } from './micros.ts';

/** |v| below this: micros' integer path (micros.ts LIMIT). */
const LIMIT = 8e15;
const ZERO = 48;
const COMMA = 44;
const NEWLINE = 10;
const MINUS = 45;
const DOT = 46;

export class CsvBytes {
  private buf: Buffer;
  private pos = 0;

  constructor(private readonly chunkBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
  }

  /** Bytes written since the last `take`. */
  get length(): number {
    return this.pos;
  }

  /** Makes room for `n` more bytes (the caller's bound on one row), keeping what was written. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.chunkBytes, 2 * (this.pos + n)));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** The bytes written so far, handed over (a stream may keep them), and a fresh buffer for the next ones. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.chunkBytes);
    this.pos = 0;
    return out;
  }

  comma(): void {
    this.buf[this.pos++] = COMMA;
  }

  newline(): void {
    this.buf[this.pos++] = NEWLINE;
  }

  /** ASCII text as it is (the rare numbers the digit paths leave to String). */
  ascii(s: string): void {
    this.reserve(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  /** A number as `${n}` writes it: digits for a safe integer, String(n) otherwise. */
  number(n: number): void {
    if (!Number.isSafeInteger(n)) return this.ascii(String(n));
    if (n < 0) {
      this.buf[this.pos++] = MINUS;
      n = -n;
    }
    this.digits(n, 1);
  }

  /** A time as micros(x) writes it: rounded to the microsecond, shortest form, nothing when not finite. */
  micros(x: number): void {
    const v = Math.round(x * 1e6);
    if (!(v > -LIMIT && v < LIMIT)) return this.ascii(micros(x));
    let a = v;
    if (v < 0) {
      this.buf[this.pos++] = MINUS;
      a = -v;
    }
    let frac = a % 1e6;
    this.digits((a - frac) / 1e6, 1);
    if (frac === 0) return;
    let width = 6;
    while (frac % 10 === 0) {
      frac /= 10;
      width--;
    }
    this.buf[this.pos++] = DOT;
    this.digits(frac, width);
  }

  /** The digits of integer n >= 0, zero-padded to at least `width`. */
  private digits(n: number, width: number): void {
    let len = 1;
    for (let p = 10; p <= n; p *= 10) len++;
    if (len < width) len = width;
    const buf = this.buf;
    let at = this.pos + len;
    this.pos = at;
    for (let i = 0; i < len; i++) {
      const q = Math.floor(n / 10);
      buf[--at] = ZERO + (n - q * 10);
      n = q;
    }
  }
}
