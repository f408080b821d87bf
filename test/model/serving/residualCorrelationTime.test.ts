/** Slow spells measured in seconds: an Ornstein-Uhlenbeck memory on the batch residuals, and its fit. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aleaFor } from '../../../sim/engine/rng.ts';
import { normalQuantile } from '../../../sim/engine/special.ts';
import { correlatedUniformsInTime, fitResidualCorrelationTime } from '../../../sim/model/serving/residualCorrelation.ts';
import { makeBatchTimeSampler, type ServingProfile } from '../../../sim/model/serving/profile.ts';

/** Correlation of normal scores between successive draws dt apart, over many draws. */
function scoreCorrelation(tau: number, dt: number, n = 20_000): number {
  let t = 0;
  const draw = correlatedUniformsInTime(aleaFor(7, `ou${dt}`), tau, () => t);
  let prev = normalQuantile(draw());
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    t += dt;
    const z = normalQuantile(draw());
    sxy += prev * z;
    sxx += prev * prev;
    prev = z;
  }
  return sxy / sxx;
}

test('draws dt apart correlate exp(-dt / tau): the memory is in seconds, not in batches', () => {
  for (const dt of [0.05, 0.5, 2]) {
    const r = scoreCorrelation(0.5, dt);
    assert.ok(Math.abs(r - Math.exp(-dt / 0.5)) < 0.03, `dt ${dt}: ${r} vs ${Math.exp(-dt / 0.5)}`);
  }
});

test('a profile sampler with a correlation time: same distribution, runs of slow batches that an idle gap forgets', () => {
  const profile = {
    fit: { form: 'affine-batch-pixels', a: 0, b: 0.01, tilePixels: 1024, rmseSeconds: 0, maxRelativeError: 0, method: 'test' },
    residuals: { kind: 'multiplicative-empirical', values: [0.5, 0.8, 1, 1.2, 3] },
    samples: [],
  } as unknown as ServingProfile;
  let t = 0;
  const sample = makeBatchTimeSampler(profile, aleaFor(5, 'p'), 0, 1, () => t);
  const busy: number[] = [];
  const idle: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    t += i % 2 ? 0.01 : 10; // pairs: 10 ms apart within a pair, 10 s between pairs
    (i % 2 ? busy : idle).push(sample(1, 32, 32));
  }
  const mean = (x: number[]) => x.reduce((s, y) => s + y, 0) / x.length;
  const corr = (a: number[], b: number[]) => {
    const ma = mean(a), mb = mean(b);
    let n = 0, da = 0, db = 0;
    a.forEach((x, i) => { n += (x - ma) * (b[i]! - mb); da += (x - ma) ** 2; db += (b[i]! - mb) ** 2; });
    return n / Math.sqrt(da * db);
  };
  const independent = makeBatchTimeSampler(profile, aleaFor(5, 'p'));
  const ref = Array.from({ length: 20_000 }, () => independent(1, 32, 32));
  assert.ok(Math.abs(mean([...busy, ...idle]) / mean(ref) - 1) < 0.03, 'the distribution is kept');
  assert.ok(corr(idle, busy) > 0.8, `10 ms apart: alike (${corr(idle, busy)})`);
  assert.ok(Math.abs(corr(busy.slice(0, -1), idle.slice(1))) < 0.05, '10 s apart: forgotten');
});

test('fitResidualCorrelationTime recovers tau from a batch log with start times; 0 for independent batches', () => {
  const tau = 0.3;
  let t = 1000;
  const u = correlatedUniformsInTime(aleaFor(9, 'fit'), tau, () => t);
  const v = aleaFor(10, 'gaps');
  const log: Array<[number, number, number]> = [];
  for (let i = 0; i < 4000; i++) {
    t += 0.02 + 0.3 * v(); // irregular starts, as a batch log has
    const size = i % 3 ? 4 : 1;
    log.push([size, (size === 1 ? 0.01 : 0.03) * Math.exp(0.4 * normalQuantile(u())), t]);
  }
  const fitted = fitResidualCorrelationTime([log]);
  assert.ok(Math.abs(fitted / tau - 1) < 0.2, `fitted ${fitted}`);
  const w = aleaFor(11, 'indep');
  const indep = log.map(([size, , at]) => [size, w(), at] as [number, number, number]);
  assert.ok(fitResidualCorrelationTime([indep]) < 0.01, 'independent batches: no memory');
  assert.is(fitResidualCorrelationTime([log.map(([s, x]) => [s, x] as [number, number])]), 0, 'no start times: nothing to fit');
});

test.run();
