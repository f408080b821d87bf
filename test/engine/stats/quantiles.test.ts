import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Samples, quantileSorted } from '../../../sim/engine/stats/quantiles.ts';

test('quantile(values, p) uses the R-7 (linear) method', () => {
  // R: quantile(1:10, c(0, .1, .5, .9, .95, 1), type = 7) -> 1, 1.9, 5.5, 9.1, 9.55, 10
  const s = new Samples();
  for (const x of [7, 3, 10, 1, 5, 2, 9, 4, 8, 6]) s.add(x);
  const got = [0, 0.1, 0.5, 0.9, 0.95, 1].map((p) => s.quantile(p));
  [1, 1.9, 5.5, 9.1, 9.55, 10].forEach((want, i) => assert.ok(Math.abs(got[i]! - want) < 1e-12, `p${i}: ${got[i]}`));
  const want = { mean: 5.5, p50: 5.5, p90: 9.1, p95: 9.55, p99: 9.91, max: 10 };
  const sum = s.summary();
  for (const k of Object.keys(want) as (keyof typeof want)[]) assert.ok(Math.abs(sum[k] - want[k]) < 1e-12, k);
});

test('single value, empty set, and p outside [0, 1]', () => {
  assert.is(quantileSorted([4], 0.3), 4);
  assert.ok(Number.isNaN(new Samples().quantile(0.5)));
  assert.throws(() => quantileSorted([1, 2], 1.5), /p in \[0, 1\]/);
});

test('adding after a quantile re-sorts; insertion order is kept', () => {
  const s = new Samples(16);
  for (let i = 20; i > 0; i--) s.add(i); // grows past the initial capacity
  assert.is(s.quantile(1), 20);
  s.add(100);
  assert.is(s.quantile(1), 100);
  assert.equal(Array.from(s.values().subarray(0, 3)), [20, 19, 18]);
});

test('exact quantiles over 10^7 samples', () => {
  // A permutation of 0 .. n-1 (i -> i * 7919 mod n; 7919 is prime and does not divide 10^7), so
  // every type-7 quantile is known exactly: q(p) = (n - 1) p.
  const n = 10_000_000;
  const s = new Samples();
  for (let i = 0; i < n; i++) s.add((i * 7919) % n);
  assert.is(s.count, n);
  for (const p of [0, 0.5, 0.9, 0.99, 0.999, 1]) assert.ok(Math.abs(s.quantile(p) - (n - 1) * p) < 1e-6, `p=${p}`);
  assert.is(s.mean, (n - 1) / 2);
});

test.run();
