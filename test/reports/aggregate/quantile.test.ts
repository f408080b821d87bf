import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { finiteValues, quantileSorted, summarizeValues } from '../../../reports/aggregate/quantile.ts';

test('quantileSorted uses R-7 (linear between closest ranks), as numpy and d3', () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.is(quantileSorted(xs, 0.5), 5.5);
  assert.ok(Math.abs(quantileSorted(xs, 0.9) - 9.1) < 1e-12);
  assert.ok(Math.abs(quantileSorted(xs, 0.99) - 9.91) < 1e-12);
  assert.is(quantileSorted(xs, 0), 1);
  assert.is(quantileSorted(xs, 1), 10);
  assert.is(quantileSorted([4], 0.3), 4);
  assert.ok(Number.isNaN(quantileSorted([], 0.5)));
});

test('summarizeValues gives count, mean, min, p50..p99 and max of values in any order', () => {
  const s = summarizeValues(Float64Array.from([7, 3, 10, 1, 5, 2, 9, 4, 8, 6]));
  assert.is(s.count, 10);
  assert.is(s.mean, 5.5);
  assert.is(s.min, 1);
  assert.is(s.max, 10);
  assert.ok(Math.abs(s.p95 - 9.55) < 1e-12);
  // the quantiles are the sorted column's, bit for bit
  let seed = 3;
  const xs = Float64Array.from({ length: 5001 }, () => (seed = (seed * 16807) % 2147483647) / 2147483647);
  const sorted = Float64Array.from(xs).sort();
  const got = summarizeValues(xs);
  for (const [p, q] of [[0.5, got.p50], [0.9, got.p90], [0.95, got.p95], [0.99, got.p99]] as const) assert.is(q, quantileSorted(sorted, p), `p${p}`);
  assert.is(got.min, sorted[0]);
  assert.ok(Number.isNaN(summarizeValues(new Float64Array(0)).min));
});

test('finiteValues drops NaN and infinities and keeps the order', () => {
  const c: number[] = [];
  for (let i = 100; i > 0; i--) c.push(i);
  c.push(NaN, Infinity, -Infinity);
  const s = finiteValues(Float64Array.from(c));
  assert.is(s.length, 100);
  assert.is(s[0], 100);
  assert.is(s[99], 1);
});

test.run();
