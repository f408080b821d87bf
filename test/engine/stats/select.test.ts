import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { orderStatistics, selectInPlace, setNaNsAside } from '../../../sim/engine/stats/select.ts';
import { quantileInPlace, quantileSorted, quantileSummaryInPlace, quantileSummarySorted } from '../../../sim/engine/stats/quantiles.ts';
import { ExactSum } from '../../../sim/engine/stats/exactSum.ts';

/** A value's bits, so that -0 / +0 and NaN are compared as what they are. */
const bitsOf = (x: number): string => Buffer.from(Float64Array.of(x).buffer).toString('hex');

let seed = 2024;
const uniform = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const column = (n: number, draw: () => number) => Float64Array.from({ length: n }, draw);

/** The summary of the sorted values as it was computed before selection (quantiles of the sort). */
function sortedReference(values: Float64Array) {
  const s = Float64Array.from(values).sort();
  return quantileSummarySorted(s, NaN);
}

/** quantileSummaryInPlace's quantiles against the sorted reference, bit for bit (the mean is tested apart). */
function assertSameQuantiles(values: Float64Array, label: string): void {
  const want = sortedReference(values);
  const got = quantileSummaryInPlace(Float64Array.from(values));
  for (const f of ['p50', 'p90', 'p95', 'p99', 'max'] as const) {
    assert.is(bitsOf(got[f]), bitsOf(want[f]), `${label}: ${f} ${got[f]} vs ${want[f]}`);
  }
}

const SHAPES: [string, () => number][] = [
  ['uniform spread', () => 8000 + 5000 * uniform()],
  ['exponential', () => -Math.log(uniform())],
  ['few distinct (ties)', () => Math.floor(uniform() * 5) * 0.5],
  ['both signs and both zeros', () => [0, -0, 1, -1, 2.5, -0, 0][Math.floor(uniform() * 7)]!],
  ['both signs, 70 orders of magnitude', () => (uniform() - 0.5) * Math.exp(uniform() * 80 - 40)],
  ['constant', () => 3.25],
  ['with infinities', () => (uniform() < 0.05 ? Infinity : uniform() < 0.05 ? -Infinity : uniform())],
];

test('the summary quantiles by selection are the sorted ones, bit for bit (random, tied, constant, signed zeros)', () => {
  for (const [name, draw] of SHAPES) {
    for (const n of [3, 7, 16, 17, 100, 101, 1000, 20_000]) assertSameQuantiles(column(n, draw), `${name}, n=${n}`);
  }
});

test('tiny columns: n = 0, 1, 2', () => {
  const empty = quantileSummaryInPlace(new Float64Array(0));
  for (const v of Object.values(empty)) assert.ok(Number.isNaN(v));
  assert.equal(quantileSummaryInPlace(Float64Array.of(4)), { mean: 4, p50: 4, p90: 4, p95: 4, p99: 4, max: 4 });
  const two = quantileSummaryInPlace(Float64Array.of(3, 1));
  assert.equal(two, { mean: 2, p50: 2, p90: 1 + 0.9 * 2, p95: 1 + 0.95 * 2, p99: 1 + 0.99 * 2, max: 3 });
  assertSameQuantiles(Float64Array.of(-0, 0), 'zeros');
  assertSameQuantiles(Float64Array.of(0, -0), 'zeros reversed');
});

test('NaN: set aside last as the sort puts it; the mean is NaN', () => {
  for (const nanShare of [0.001, 0.3, 1]) {
    const values = column(5000, () => (uniform() < nanShare ? NaN : uniform() * 10));
    assertSameQuantiles(values, `NaN share ${nanShare}`);
    assert.ok(Number.isNaN(quantileSummaryInPlace(values).mean));
  }
  assertSameQuantiles(Float64Array.of(NaN, 1), 'n = 2 with a NaN');
  const a = Float64Array.of(NaN, 2, NaN, 1);
  assert.is(setNaNsAside(a), 2);
  assert.equal([...a.subarray(0, 2)], [2, 1]);
  assert.ok(a.subarray(2).every((x) => Number.isNaN(x)));
});

test('a 10^6 column: every summary quantile as the sorted one', () => {
  const values = column(1_000_000, () => 0.3 + -Math.log(uniform()) * 2 + (uniform() < 0.01 ? 100 : 0));
  assertSameQuantiles(values, 'n=10^6');
});

test('orderStatistics gives the sorted values at any positions, in any order, repeats allowed', () => {
  const values = column(2000, () => Math.floor(uniform() * 300) - 150);
  const sorted = Float64Array.from(values).sort();
  const ks = [1999, 0, 1000, 1000, 1001, 5, 1998, 4];
  assert.equal(orderStatistics(Float64Array.from(values), ks), ks.map((k) => sorted[k]!));
  assert.throws(() => orderStatistics(values, [2000]), /outside \[0, 2000\)/);
});

test('selectInPlace partitions around the k-th value; with no rounds left it falls back to a sort', () => {
  for (const rounds of [undefined, 0, 1]) {
    const values = column(5000, () => Math.floor(uniform() * 100));
    const sorted = Float64Array.from(values).sort();
    const a = Float64Array.from(values);
    const k = 1234;
    assert.is(selectInPlace(a, k, 0, a.length, rounds), sorted[k]);
    assert.is(a[k], sorted[k]);
    assert.ok(a.subarray(0, k).every((x) => x <= a[k]!), `rounds ${rounds}: smaller before`);
    assert.ok(a.subarray(k + 1).every((x) => x >= a[k]!), `rounds ${rounds}: larger after`);
    assert.equal([...a].sort((x, y) => x - y), [...sorted], 'a permutation');
  }
  // a sorted column, and the "median of three killer" order organ-pipe, stay correct
  const n = 10_001;
  const organ = column(n, () => 0).map((_, i) => (i < n / 2 ? i : n - i));
  for (const a of [column(n, () => 0).map((_, i) => i), organ]) {
    const sorted = Float64Array.from(a).sort();
    assert.is(selectInPlace(a, 5000, 0, n), sorted[5000]);
  }
  assert.throws(() => selectInPlace(new Float64Array(3), 3, 0, 3), /lo <= k < hi/);
});

test('quantileInPlace is quantileSorted of the sorted values', () => {
  const values = column(999, () => uniform() * 7);
  const sorted = Float64Array.from(values).sort();
  for (const p of [0, 0.01, 0.5, 0.95, 0.999, 1]) assert.is(bitsOf(quantileInPlace(Float64Array.from(values), p)), bitsOf(quantileSorted(sorted, p)), `p=${p}`);
  assert.ok(Number.isNaN(quantileInPlace(new Float64Array(0), 0.5)));
  assert.throws(() => quantileInPlace(values, 2), /p in \[0, 1\]/);
});

test('the summary mean is the correctly rounded sum / n, the same for every order of the values', () => {
  const values = column(10_000, () => -Math.log(uniform()) * 3);
  const want = new ExactSum().addAll(values).value() / values.length;
  const reversed = Float64Array.from(values).reverse();
  const sorted = Float64Array.from(values).sort();
  for (const v of [values, reversed, sorted]) assert.is(quantileSummaryInPlace(Float64Array.from(v)).mean, want);
});

test.run();
