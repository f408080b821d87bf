/**
 * The correctly rounded sum of many doubles, whatever their order, so that the mean of a latency column
 * is the same double for any permutation of it and a summary needs no sort for it (quantiles.ts).
 *
 * How: every finite double is an integer multiple of 2^-1074, so the exact sum is an integer in units of
 * 2^-1074, held here in 32-bit "limbs" (limb j counts units of 2^(32 j - 1074)) stored in doubles. A
 * value's 53-bit significand, shifted by its exponent, falls on at most three limbs; each limb adds
 * integers below 2^32, so a double holds it exactly for 2^20 values before the carries are pushed up
 * (normalize). Reading the sum rounds the limbs once: each limb is an exact double, and Shewchuk's
 * exact partials (Shewchuk 1997, the method of Python's math.fsum) add those ~66 doubles and round.
 * A fixed-point accumulator of this kind costs a few integer operations a value; Shewchuk's partials
 * alone were ~25-30 ns a value on latency columns, whose exact sums need 8-10 partials.
 *
 * Faster still, and as exact: a value x with exponent e first goes into two buckets of its exponent
 * field. Veltkamp's split (c = (2^27 + 1) x, a = c - (c - x), b = x - a; Dekker 1971) gives x = a + b
 * exactly, a a multiple of 2^(e-25) with |a| <= 2^26 of those units, b a multiple of 2^(e-52) with |b| <=
 * 2^26 of those. So each bucket holds an integer count of one unit, exact in a double up to 2^53 units:
 * 2^26 values a bucket, more than are added between flushes. A flush puts each bucket's exact double into
 * the limbs. Per value: a multiply, three subtractions and two adds instead of shifts, masks and three
 * limb adds (~10 -> ~5 ns a value on latency columns). Exponents where the split could underflow or
 * overflow (and zeros, subnormals, infinities, NaNs) take the limbs directly.
 *
 * Non-finite values: a NaN, or +Infinity with -Infinity, makes the sum NaN; otherwise an infinity is
 * the sum. Finite values whose exact sum is beyond the doubles (~1.8e308) give +-Infinity (or NaN);
 * latencies are far below it. The sum of only -0s is -0, as IEEE addition gives it.
 */

/** Limbs for the whole exponent range: (2046 + 53) bits / 32, two more for carries. */
const LIMBS = 68;
const TWO32 = 2 ** 32;
/** Limb adds between carry passes: each limb then stays below 2^20 x 2^32 (+ carries) < 2^53. */
const BETWEEN_CARRIES = 1 << 20;
/** Veltkamp's splitter for doubles: 2^27 + 1. */
const SPLITTER = 134217729;
/** Exponent fields whose values go through the buckets: the split neither underflows nor overflows. */
const MIN_SPLIT_EXP = 64;
const MAX_SPLIT_EXP = 2000;
/** Values put into the buckets between flushes (each bucket is exact up to 2^27 of them). */
const BETWEEN_FLUSHES = 1 << 26;
/**
 * Fewer values than this at once go straight to the limbs: the buckets' 32 KB and a flush's scan of them
 * pay back only over ~10^4 values (measured, new ExactSum per column: 10 values 0.9 -> 2.3 us a sum with
 * buckets; 10^4 values even; 3 x 10^4 7.5-8.4 -> 5.4-5.9 ns a value).
 */
const BUCKETS_FROM = 16384;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** The high word's index in a double's two 32-bit words. */
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = 1 - HI;

export class ExactSum {
  private limbs = new Float64Array(LIMBS);
  /** Limb adds since the last carry pass. */
  private pending = 0;
  /** Split halves of the values not yet in the limbs, by exponent field (see the top of the file); made on first use. */
  private bucketHi: Float64Array | null = null;
  private bucketLo: Float64Array | null = null;
  /** Values in the buckets since the last flush. */
  private inBuckets = 0;
  /** NaNs among the values added (callers that need the order statistics set them aside). */
  nanCount = 0;
  private count = 0;
  private negativeZeros = 0;
  private positiveInfinity = false;
  private negativeInfinity = false;
  private readonly scratch = new Float64Array(1);
  private readonly scratchWords = new Uint32Array(this.scratch.buffer);

  /** Adds one value. */
  add(x: number): this {
    this.scratch[0] = x;
    return this.addDoubles(this.scratch, this.scratchWords, 0, 1);
  }

  /** Adds values[from..to). */
  addAll(values: ArrayLike<number>, from = 0, to = values.length): this {
    if (values instanceof Float64Array) return this.addDoubles(values, new Uint32Array(values.buffer, values.byteOffset, 2 * values.length), from, to);
    for (let i = from; i < to; i++) this.add(values[i]!);
    return this;
  }

  /** Adds everything `other` holds. */
  addSum(other: ExactSum): this {
    other.flush();
    this.flush();
    other.carry();
    this.carry();
    for (let j = 0; j < LIMBS; j++) this.limbs[j]! += other.limbs[j]!;
    this.carry();
    this.nanCount += other.nanCount;
    this.count += other.count;
    this.negativeZeros += other.negativeZeros;
    this.positiveInfinity ||= other.positiveInfinity;
    this.negativeInfinity ||= other.negativeInfinity;
    return this;
  }

  /** Adds values f[from..to), whose 32-bit words are `w`. */
  private addDoubles(f: Float64Array, w: Uint32Array, from: number, to: number): this {
    this.count += to - from;
    if (to - from < BUCKETS_FROM) {
      for (let i = from; i < to; i++) {
        const hi = w[2 * i + HI]!;
        this.addToLimbs(hi, w[2 * i + LO]!, (hi >>> 20) & 0x7ff);
      }
      return this;
    }
    const hiBuckets = (this.bucketHi ??= new Float64Array(MAX_SPLIT_EXP + 1));
    const loBuckets = (this.bucketLo ??= new Float64Array(MAX_SPLIT_EXP + 1));
    for (let i = from; i < to; ) {
      const stop = splitIntoBuckets(f, w, i, Math.min(to, i + BETWEEN_FLUSHES - this.inBuckets), hiBuckets, loBuckets);
      this.inBuckets += stop - i;
      i = stop;
      if (this.inBuckets === BETWEEN_FLUSHES) this.flush();
      else if (i < to) {
        // a value whose split could underflow or overflow (or a zero, subnormal, infinity, NaN)
        const hi = w[2 * i + HI]!;
        this.addToLimbs(hi, w[2 * i + LO]!, (hi >>> 20) & 0x7ff);
        i++;
      }
    }
    return this;
  }

  /** Moves the buckets' exact sums into the limbs. */
  private flush(): void {
    if (this.inBuckets === 0) return;
    this.inBuckets = 0;
    const words = this.scratchWords;
    for (const buckets of [this.bucketHi!, this.bucketLo!]) {
      for (let e = MIN_SPLIT_EXP; e <= MAX_SPLIT_EXP; e++) {
        const v = buckets[e]!;
        if (v === 0) continue;
        buckets[e] = 0;
        this.scratch[0] = v;
        const hi = words[HI]!;
        this.addToLimbs(hi, words[LO]!, (hi >>> 20) & 0x7ff);
      }
    }
  }

  /** Adds one double, given as its words and exponent field, to the limbs. */
  private addToLimbs(hi: number, lo: number, exp: number): void {
    if (++this.pending === BETWEEN_CARRIES) this.carry();
    if (exp === 0 || exp === 0x7ff) {
      this.addUnusual(hi, lo, exp);
      return;
    }
    const acc = this.limbs;
    // significand (hiM * 2^32 + lo) * 2^(exp - 1075): its lowest bit is unit 2^(exp - 1) of 2^-1074
    const bit = exp - 1;
    const j = bit >>> 5;
    const r = bit & 31;
    const hiM = (hi & 0xfffff) | 0x100000;
    // the 53-bit significand shifted left by r, as three 32-bit chunks (a shift by 32 - r is split in two
    // because JavaScript takes shift counts mod 32)
    const c0 = (lo << r) >>> 0;
    const c1 = (((lo >>> 1) >>> (31 - r)) | (hiM << r)) >>> 0;
    const c2 = (hiM >>> 1) >>> (31 - r);
    if (hi >>> 31) {
      acc[j]! -= c0;
      acc[j + 1]! -= c1;
      acc[j + 2]! -= c2;
    } else {
      acc[j]! += c0;
      acc[j + 1]! += c1;
      acc[j + 2]! += c2;
    }
  }

  /** Zeros, subnormals (exponent field 0), infinities and NaNs (0x7ff). */
  private addUnusual(hi: number, lo: number, exp: number): void {
    const negative = hi >>> 31 === 1;
    const significand = hi & 0xfffff;
    if (exp === 0x7ff) {
      if (significand !== 0 || lo !== 0) this.nanCount++;
      else if (negative) this.negativeInfinity = true;
      else this.positiveInfinity = true;
      return;
    }
    if (significand === 0 && lo === 0) {
      if (negative) this.negativeZeros++;
      return;
    }
    // a subnormal: significand * 2^-1074, limbs 0 and 1 (counted in addToLimbs' carry interval)
    const sign = negative ? -1 : 1;
    this.limbs[0]! += sign * lo;
    this.limbs[1]! += sign * significand;
  }

  private carry(): void {
    carry(this.limbs);
    this.pending = 0;
  }

  /** The exact sum rounded to the nearest double (ties to even), or the special value it is. */
  value(): number {
    if (this.nanCount > 0 || (this.positiveInfinity && this.negativeInfinity)) return NaN;
    if (this.positiveInfinity) return Infinity;
    if (this.negativeInfinity) return -Infinity;
    this.flush();
    this.carry();
    // a negative sum leaves -1s up to the top limb (as two's complement would): round its magnitude
    const sign = this.limbs[LIMBS - 1]! < 0 ? -1 : 1;
    const magnitude = this.limbs.map((limb) => sign * limb);
    carry(magnitude);
    const parts = new Float64Array(LIMBS);
    for (let j = 0; j < LIMBS; j++) {
      const limb = magnitude[j]!;
      // exact: an integer below 2^32 times a power of two, or infinite past the largest double
      if (limb !== 0) parts[j] = limb * 2 ** (32 * j - 1074);
      if (parts[j] === Infinity) return sign * Infinity;
    }
    const sum = sign * roundedSum(parts);
    if (sum === 0) return this.count > 0 && this.negativeZeros === this.count ? -0 : 0;
    return sum;
  }
}

/**
 * The bucket loop of addDoubles: splits f[from..to) into the buckets of their exponent fields (the top of
 * the file) up to the first value that must go to the limbs instead; returns the index it stopped at. A
 * function of its own with no property access in it: written inside addDoubles, the loop's rare branch to
 * the limbs had no type feedback when V8 optimised the loop on the stack, taking it deoptimised the loop
 * (--trace-deopt: twice in the headline), and most values ran in baseline code (callgrind: ~110
 * instructions a value).
 */
function splitIntoBuckets(f: Float64Array, w: Uint32Array, from: number, to: number, hiBuckets: Float64Array, loBuckets: Float64Array): number {
  let i = from;
  for (; i < to; i++) {
    const exp = (w[2 * i + HI]! >>> 20) & 0x7ff;
    if (exp < MIN_SPLIT_EXP || exp > MAX_SPLIT_EXP) break;
    const x = f[i]!;
    const c = SPLITTER * x;
    const a = c - (c - x);
    hiBuckets[exp]! += a;
    loBuckets[exp]! += x - a;
  }
  return i;
}

/** Pushes each limb's carry into the next: limbs below the top end in [0, 2^32), the sum unchanged. */
function carry(acc: Float64Array): void {
  for (let j = 0; j < acc.length - 1; j++) {
    const c = Math.floor(acc[j]! / TWO32);
    if (c !== 0) {
      acc[j]! -= c * TWO32;
      acc[j + 1]! += c;
    }
  }
}

/**
 * The correctly rounded sum of exact doubles by Shewchuk's partials: each value goes into a list of
 * non-overlapping partials with error-free two-sums; the partials are then added from the largest down
 * until a step is inexact, with the half-way correction (a dropped part of exactly half an ulp with the
 * next partial pushing the same way rounds away).
 */
function roundedSum(values: Float64Array): number {
  const p: number[] = [];
  for (let i = 0; i < values.length; i++) {
    let x = values[i]!;
    if (x === 0) continue;
    let kept = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y; // two-sum with |x| >= |y|: hi + lo = x + y exactly
      const lo = y - (hi - x);
      if (lo !== 0) p[kept++] = lo;
      x = hi;
    }
    p.length = kept;
    if (x !== 0) p.push(x);
  }
  let n = p.length;
  if (n === 0) return 0;
  let hi = p[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = p[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

/** The correctly rounded sum of values[from..to) (see ExactSum). */
export const exactSum = (values: ArrayLike<number>, from = 0, to = values.length): number => new ExactSum().addAll(values, from, to).value();
