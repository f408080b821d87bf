import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { batchMeans, summarize, tHalfWidth } from '../../../sim/engine/stats/replications.ts';

test('summarize gives mean, sd, min, max and the Student-t 95% interval', () => {
  const s = summarize([1, 2, 3, 4, 5]);
  // sd = sqrt(2.5) = 1.5811; t(0.975, 4) = 2.7764451; half-width = 2.7764451 * 1.5811 / sqrt(5) = 1.9632
  assert.is(s.mean, 3);
  assert.ok(Math.abs(s.sd - Math.sqrt(2.5)) < 1e-12);
  assert.is(s.min, 1);
  assert.is(s.max, 5);
  assert.ok(Math.abs(s.ci95[0] - (3 - 1.963243)) < 1e-5 && Math.abs(s.ci95[1] - (3 + 1.963243)) < 1e-5, `${s.ci95}`);
});

test('one replication: sd and interval are unknown (NaN, JSON null); none: all NaN', () => {
  const one = summarize([7]);
  assert.is(one.mean, 7);
  assert.ok(Number.isNaN(one.sd) && Number.isNaN(one.ci95[0]));
  assert.is(JSON.stringify(one), '{"mean":7,"sd":null,"min":7,"max":7,"ci95":[null,null]}');
  assert.ok(Number.isNaN(summarize([]).mean));
});

test('identical replications give a zero-width interval', () => {
  assert.equal(summarize([2, 2, 2]).ci95, [2, 2]);
  assert.is(tHalfWidth(0, 3), 0);
});

test('batch means drop the warm-up and the remainder', () => {
  assert.equal(batchMeans([100, 1, 2, 3, 4, 5, 6, 7], 3, 1), [1.5, 3.5, 5.5]);
  assert.throws(() => batchMeans([1, 2], 3), /cannot fill/);
});

test.run();
