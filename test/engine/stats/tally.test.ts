import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Tally } from '../../../sim/engine/stats/tally.ts';

test('mean, sample variance, min, max and sum of a known set', () => {
  const t = new Tally();
  for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) t.add(x);
  assert.is(t.count, 8);
  assert.is(t.mean, 5);
  assert.ok(Math.abs(t.variance - 32 / 7) < 1e-12);
  assert.ok(Math.abs(t.populationVariance - 4) < 1e-12);
  assert.is(t.min, 2);
  assert.is(t.max, 9);
  assert.is(t.sum, 40);
});

test('stays accurate with a large offset (Welford, not sum of squares)', () => {
  const t = new Tally();
  for (const x of [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]) t.add(x);
  assert.ok(Math.abs(t.variance - 30) < 1e-6, `${t.variance}`);
});

test('empty and single-value tallies report NaN variance', () => {
  const t = new Tally();
  assert.ok(Number.isNaN(t.variance));
  t.add(3);
  assert.ok(Number.isNaN(t.variance));
  assert.is(t.mean, 3);
});

test('merging two tallies equals one tally over all values', () => {
  const all = new Tally();
  const a = new Tally();
  const b = new Tally();
  for (let i = 0; i < 100; i++) {
    const x = Math.sin(i) * 10 + i;
    all.add(x);
    (i < 37 ? a : b).add(x);
  }
  a.merge(b);
  assert.is(a.count, all.count);
  assert.ok(Math.abs(a.mean - all.mean) < 1e-12);
  assert.ok(Math.abs(a.variance - all.variance) < 1e-9);
  assert.is(a.min, all.min);
  assert.is(a.max, all.max);
});

test.run();
