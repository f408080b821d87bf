import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { histogramOf, histogramSorted, niceStep } from '../../../reports/aggregate/histogram.ts';

const sorted = (xs: number[]) => Float64Array.from(xs).sort();

test('niceStep rounds up to 1, 2 or 5 x 10^k', () => {
  assert.is(niceStep(0.13), 0.2);
  assert.is(niceStep(0.2), 0.2);
  assert.is(niceStep(3), 5);
  assert.is(niceStep(7), 10);
  assert.is(niceStep(120), 200);
});

test('every value lands in exactly one bin: counts sum to n and match a direct count', () => {
  const xs = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000 / 100); // 0 .. 9.99, each 0.01 once
  const h = histogramSorted(sorted(xs), 10, 1);
  assert.is(h.overflow, 0);
  assert.is(h.bins.reduce((s, b) => s + b.count, 0), 1000);
  assert.is(h.bins[0]!.start, 0);
  assert.is(h.bins[0]!.end, 1);
  for (const b of h.bins) assert.is(b.count, xs.filter((x) => x >= b.start && x < b.end).length, `bin ${b.start}`);
});

test('the last bin includes its upper edge', () => {
  const h = histogramSorted(sorted([0, 1, 2, 3, 4]), 4, 1);
  assert.is(h.bins.at(-1)!.end, 4);
  assert.is(h.bins.at(-1)!.count, 2); // 3 and 4
});

test('rare outliers beyond the 99.9th percentile are counted as overflow, not drawn and not lost', () => {
  const xs = [...Array.from({ length: 9990 }, (_, i) => (i % 100) / 20), ...Array.from({ length: 10 }, () => 1000)];
  const h = histogramSorted(sorted(xs), 40);
  assert.ok(h.bins.at(-1)!.end < 10, `upper edge ${h.bins.at(-1)!.end}`);
  assert.is(h.overflow, 10);
  assert.is(h.max, 1000);
  assert.is(h.bins.reduce((s, b) => s + b.count, 0) + h.overflow, 10000);
});

test('bin edges carry no float noise', () => {
  const h = histogramSorted(sorted([0.05, 0.33, 0.71]), 7, 1);
  for (const b of h.bins) assert.ok(String(b.start).length < 8 && String(b.end).length < 8, `${b.start} ${b.end}`);
});

test('values bunched far from zero get bins around them, so their spread shows', () => {
  const xs = Array.from({ length: 400 }, (_, i) => 0.5 + (i % 40) / 1000); // 0.500 .. 0.539 s
  const h = histogramSorted(sorted(xs), 40, 1);
  assert.ok(h.bins[0]!.start >= 0.49 && h.bins[0]!.start <= 0.5, `first edge ${h.bins[0]!.start}`);
  assert.ok(h.bins.length >= 8, `${h.bins.length} bins across the spread`);
  assert.is(h.bins.reduce((s, b) => s + b.count, 0), 400);
  assert.not.ok(h.constant);
  assert.is(histogramSorted(sorted([0.1, 0.2, 5]), 10, 1).bins[0]!.start, 0, 'a wide spread still starts at 0');
});

test('identical values: one bin, flagged constant', () => {
  const h = histogramSorted(sorted(Array.from({ length: 50 }, () => 0.52)));
  assert.ok(h.constant);
  assert.is(h.bins.length, 1);
  assert.is(h.bins[0]!.count, 50);
  assert.ok(h.bins[0]!.start <= 0.52 && h.bins[0]!.end > 0.52);
  assert.is(h.min, 0.52);
});

test('empty input gives no bins', () => {
  assert.equal(histogramSorted(new Float64Array(0)).bins, []);
});

test('histogramOf of values in any order is histogramSorted of them sorted (edges, counts, overflow)', () => {
  let seed = 11;
  const u = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const xs of [
    Array.from({ length: 3000 }, () => -Math.log(u()) * 2 + (u() < 0.002 ? 500 : 0)),
    Array.from({ length: 500 }, () => 0.5 + u() * 0.04),
    Array.from({ length: 50 }, () => 0.52),
    [3],
  ]) {
    assert.equal(histogramOf(Float64Array.from(xs), 40), histogramSorted(sorted(xs), 40));
  }
  assert.equal(histogramOf(new Float64Array(0)).bins, []);
});

test.run();
