import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { quantileSorted, sortedFinite, summarizeSorted } from '../../../reports/aggregate/quantile.ts';

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

test('summarizeSorted gives count, mean, min, p50..p99 and max', () => {
  const s = summarizeSorted(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  assert.is(s.count, 10);
  assert.is(s.mean, 5.5);
  assert.is(s.min, 1);
  assert.is(s.max, 10);
  assert.ok(Math.abs(s.p95 - 9.55) < 1e-12);
});

test('sortedFinite sorts and drops NaN and infinities', () => {
  const c: number[] = [];
  for (let i = 100; i > 0; i--) c.push(i);
  c.push(NaN, Infinity, -Infinity);
  const s = sortedFinite(Float64Array.from(c));
  assert.is(s.length, 100);
  assert.is(s[0], 1);
  assert.is(s[99], 100);
});

test.run();
