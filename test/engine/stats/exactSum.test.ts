import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExactSum, exactSum } from '../../../sim/engine/stats/exactSum.ts';

let seed = 77;
const uniform = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

/** The exact sum of doubles as a rational a / 2^1074 in BigInt (every double is an integer multiple of 2^-1074). */
function exactScaled(values: ArrayLike<number>): bigint {
  let total = 0n;
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < values.length; i++) {
    view.setFloat64(0, values[i]!);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    const sign = hi >>> 31 ? -1n : 1n;
    const exp = (hi >>> 20) & 0x7ff;
    let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (exp !== 0) mant |= 1n << 52n;
    const shift = BigInt(Math.max(exp, 1) - 1); // value = mant * 2^(max(exp,1) - 1075) = mant * 2^shift / 2^1074
    total += sign * (mant << shift);
  }
  return total;
}

/** The double nearest a / 2^1074 (ties to even), by comparing the candidates' exact values. */
function nearestDouble(scaled: bigint): number {
  // within an ulp or two: the top ~60 bits as a double, scaled by a power of two (exact)
  const shift = Math.max(0, abs(scaled).toString(2).length - 60);
  const approx = Number(scaled >> BigInt(shift)) * 2 ** (shift - 1074);
  // walk from the approximation to the nearest: a few ulps at most
  const candidates = [approx, nextUp(approx), nextDown(approx), nextUp(nextUp(approx)), nextDown(nextDown(approx))];
  let best = approx;
  let bestErr = -1n;
  for (const c of candidates) {
    if (!Number.isFinite(c)) continue;
    const err = abs(exactScaled([c]) - scaled);
    if (bestErr < 0n || err < bestErr || (err === bestErr && evenMantissa(c) && !evenMantissa(best))) {
      best = c;
      bestErr = err;
    }
  }
  return best;
}
const abs = (x: bigint) => (x < 0n ? -x : x);
function step(x: number, up: boolean): number {
  const b = new BigInt64Array(Float64Array.of(x).buffer);
  if (x === 0) return up ? 5e-324 : -5e-324;
  b[0] = b[0]! + ((x > 0) === up ? 1n : -1n);
  return new Float64Array(b.buffer)[0]!;
}
const nextUp = (x: number) => step(x, true);
const nextDown = (x: number) => step(x, false);
const evenMantissa = (x: number) => (new BigInt64Array(Float64Array.of(x).buffer)[0]! & 1n) === 0n;

test('exactSum is the correctly rounded exact sum (BigInt reference) on cancelling, wide and plain columns', () => {
  const shapes: [string, () => number][] = [
    ['latencies', () => -Math.log(uniform()) * 2],
    ['cancelling', () => (uniform() - 0.5) * 1e16 + uniform()],
    ['wide', () => (uniform() - 0.5) * 2 ** (uniform() * 200 - 100)],
    ['subnormals and tiny normals', () => (uniform() - 0.5) * 2 ** (-1060 + uniform() * 30)],
    ['huge', () => (uniform() - 0.3) * 2 ** (1000 + uniform() * 20)],
  ];
  for (const [name, draw] of shapes) {
    for (const n of [1, 2, 10, 1000]) {
      const values = Float64Array.from({ length: n }, draw);
      assert.is(exactSum(values), nearestDouble(exactScaled(values)), `${name}, n=${n}`);
    }
  }
});

test('more values than a limb holds between carry passes (2^20 + 3,000), all in the same limbs, both signs', () => {
  for (const sign of [1, -1]) {
    const values = Float64Array.from({ length: (1 << 20) + 3000 }, () => sign * (2 - 2 ** -52) * 2 ** 40 * (uniform() < 0.99 ? 1 : 0.75));
    assert.is(exactSum(values), nearestDouble(exactScaled(values)), `sign ${sign}`);
  }
});

test('the split buckets (columns of 2^14 values or more): exponents on both sides of where values bypass them, mixed in one sum', () => {
  // exponent fields 60-70 (2^-963 .. 2^-953) and 1995-2005 (2^972 .. 2^982): the bucket limits are 64 and 2000
  for (const base of [-963, 972]) {
    const values = Float64Array.from({ length: 20000 }, () => (uniform() - 0.4) * 2 ** (base + Math.floor(uniform() * 11)));
    assert.is(exactSum(values), nearestDouble(exactScaled(values)), `exponents from 2^${base}`);
  }
  const mixed = Float64Array.from({ length: 20000 }, (_, i) => (i % 3 === 0 ? -1 : 1) * (1 + uniform()) * 2 ** [-1000, -960, 0, 975, 1010][i % 5]!);
  assert.is(exactSum(mixed), nearestDouble(exactScaled(mixed)));
  // the same values one at a time (the limbs alone) and as one column (the buckets): the same double
  const one = new ExactSum();
  for (const x of mixed) one.add(x);
  assert.is(one.value(), exactSum(mixed));
});

test('a sum across a flush of the buckets (2^26 + 2^16 + 4,096 values), each the largest high half, one sign', () => {
  // x just below 2^41 splits into a = 2^41, the most a bucket unit count can grow by; b = -ulp(x)
  const chunk = Float64Array.from({ length: 1 << 16 }, (_, i) => (2 - 2 ** -52 * (1 + (i % 7))) * 2 ** 40);
  const reps = (1 << 10) + 1; // 2^26 + 2^16 values
  const s = new ExactSum();
  for (let r = 0; r < reps; r++) s.addAll(chunk);
  const rest = chunk.subarray(0, 4096);
  s.addAll(rest);
  assert.is(s.value(), nearestDouble(exactScaled(chunk) * BigInt(reps) + exactScaled(rest)));
});

test('classic cases: cancellation and the tie across partials that naive sums get wrong', () => {
  assert.is(exactSum([1e100, 1, -1e100]), 1);
  assert.is(exactSum([0.1, 0.2, 0.3, -0.6]), nearestDouble(exactScaled([0.1, 0.2, 0.3, -0.6])));
  // 1e16 + 1 is a tie between 1e16 and 1e16 + 2; the 1e-16 decides it upward
  assert.is(exactSum([1e-16, 1, 1e16]), 10000000000000002);
  assert.is(exactSum([]), 0);
  assert.ok(Object.is(exactSum([-0, -0]), -0), 'only -0s: -0');
  assert.ok(Object.is(exactSum([-0, 0]), 0));
  assert.ok(Object.is(exactSum([1.5, -1.5]), 0), 'an exact zero is +0');
  assert.is(exactSum([-2.5]), -2.5);
});

test('the same double for every order of the values', () => {
  const values = Array.from({ length: 5000 }, () => (uniform() - 0.3) * 10 ** (uniform() * 12));
  const want = exactSum(values);
  assert.is(exactSum([...values].reverse()), want);
  assert.is(exactSum([...values].sort((a, b) => a - b)), want);
  assert.is(exactSum([...values].sort((a, b) => Math.abs(b) - Math.abs(a))), want);
  // split in two and joined with addSum: the same as one sum
  const a = new ExactSum().addAll(values, 0, 1234);
  const b = new ExactSum().addAll(values, 1234);
  assert.is(a.addSum(b).value(), want);
});

test('non-finite values: NaN counted and makes NaN, one infinity wins, both make NaN, overflow is infinite', () => {
  const s = new ExactSum().addAll([1, NaN, 2, NaN]);
  assert.is(s.nanCount, 2);
  assert.ok(Number.isNaN(s.value()));
  assert.is(exactSum([1, Infinity, 5]), Infinity);
  assert.is(exactSum([1, -Infinity]), -Infinity);
  assert.ok(Number.isNaN(exactSum([Infinity, -Infinity])));
  assert.is(exactSum([1.7e308, 1.7e308]), Infinity);
  assert.is(new ExactSum().add(2).add(3).value(), 5);
});

test.run();
