import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { poolMeanSd } from '../../../reports/aggregate/pool-stats.ts';

const meanSd = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { n: xs.length, mean, sd };
};

test('pooling groups equals the mean and sample sd of their union', () => {
  const a = [10, 12, 11];
  const b = [20, 22];
  const c = [15];
  const pooled = poolMeanSd([meanSd(a), meanSd(b), meanSd(c)]);
  const direct = meanSd([...a, ...b, ...c]);
  assert.is(pooled.n, 6);
  assert.ok(Math.abs(pooled.mean - direct.mean) < 1e-12);
  assert.ok(Math.abs(pooled.sd - direct.sd) < 1e-12);
});

test('a single group passes through; a single replication has sd 0', () => {
  assert.equal(poolMeanSd([{ n: 3, mean: 5, sd: 1 }]), { n: 3, mean: 5, sd: 1 });
  assert.equal(poolMeanSd([{ n: 1, mean: 5, sd: NaN }]), { n: 1, mean: 5, sd: 0 });
  assert.is(poolMeanSd([]).n, 0);
});

test.run();
