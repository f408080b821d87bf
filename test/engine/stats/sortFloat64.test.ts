import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sortedCopy } from '../../../sim/engine/stats/sortFloat64.ts';

/** The bits of each value (Object.is alone would let two NaN payloads or a -0/+0 swap through unnoticed elsewhere). */
const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

function assertSameAsBuiltin(values: Float64Array, label: string): void {
  const before = bits(values);
  const want = Float64Array.from(values).sort();
  const got = sortedCopy(values);
  assert.is(got.length, want.length, label);
  assert.ok(got !== values, `${label}: a new array`);
  if (bits(got) !== bits(want)) {
    const i = got.findIndex((x, k) => !Object.is(x, want[k]));
    assert.unreachable(`${label}: differs at ${i}: ${got[i]} vs ${want[i]}`);
  }
  assert.is(bits(values), before, `${label}: input unchanged`);
}

let seed = 12345;
const uniform = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const column = (n: number, draw: () => number) => Float64Array.from({ length: n }, draw);

test('the same array as Float64Array.prototype.sort, bit for bit, on many shapes', () => {
  const n = 20_000;
  assertSameAsBuiltin(column(n, () => 8000 + 5000 * uniform()), 'spread');
  assertSameAsBuiltin(column(n, () => -Math.log(uniform())), 'exponential');
  assertSameAsBuiltin(column(n, () => Math.floor(uniform() * 20) * 0.5), 'few distinct');
  assertSameAsBuiltin(column(n, () => (uniform() - 0.5) * Math.exp(uniform() * 80 - 40)), 'both signs, 70 orders of magnitude');
  assertSameAsBuiltin(column(n, () => 3.25), 'all equal (every pass skipped)');
  assertSameAsBuiltin(column(n, () => -uniform()), 'all negative');
  // the low words of the key differ while the high words agree, and the other way round
  assertSameAsBuiltin(column(n, () => 1 + Math.floor(uniform() * 1000) * Number.EPSILON), 'last mantissa bits only');
});

test('signed zeros, infinities, subnormals and extremes sort as the built-in sort does (-0 before +0)', () => {
  const special = [0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 2.2250738585072014e-308, 1, -1];
  const values = column(4_000, () => special[Math.floor(uniform() * special.length)]!);
  assertSameAsBuiltin(values, 'specials');
  const sorted = sortedCopy(values);
  const firstPlusZero = sorted.findIndex((x) => Object.is(x, 0));
  const lastMinusZero = Array.from(sorted, (x) => Object.is(x, -0)).lastIndexOf(true);
  assert.ok(lastMinusZero < firstPlusZero, '-0 before +0');
});

test('NaN goes last, as with the built-in sort', () => {
  const values = column(2_000, () => uniform() - 0.5);
  values[7] = NaN;
  values[1500] = -NaN;
  assertSameAsBuiltin(values, 'with NaN');
  const sorted = sortedCopy(values);
  assert.ok(Number.isNaN(sorted[1999]!) && Number.isNaN(sorted[1998]!) && !Number.isNaN(sorted[1997]!));
});

test('sizes around the small-input cut-over, empty and one value; a view with an offset is read in place', () => {
  for (const n of [0, 1, 2, 511, 512, 513, 4097]) assertSameAsBuiltin(column(n, () => uniform() * 100 - 20), `n=${n}`);
  const big = column(3_000, () => uniform());
  assertSameAsBuiltin(big.subarray(1000, 2600), 'subarray');
});

test.run();
