import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aleaFor } from '../../../sim/engine/rng.ts';
import { normalQuantile } from '../../../sim/engine/special.ts';
import { correlatedUniforms, fitResidualCorrelation } from '../../../sim/model/serving/residualCorrelation.ts';
import { makeBatchTimeSampler, type ServingProfile } from '../../../sim/model/serving/profile.ts';

const lag1 = (x: number[]) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    den += (x[i]! - m) ** 2;
    if (i > 0) num += (x[i]! - m) * (x[i - 1]! - m);
  }
  return num / den;
};

test('rho 0 is the uniform stream itself: the same numbers as without the option', () => {
  const u = aleaFor(1, 'x');
  assert.is(correlatedUniforms(u, 0), u);
});

test('AR(1) on normal scores: lag-1 correlation rho, uniform marginal', () => {
  const draw = correlatedUniforms(aleaFor(2, 'ar1'), 0.7);
  const us = Array.from({ length: 40_000 }, draw);
  const r = lag1(us.map(normalQuantile));
  assert.ok(Math.abs(r - 0.7) < 0.02, `lag-1 correlation ${r}`);
  // the marginal stays uniform: deciles within 0.01 of their nominal values
  const sorted = [...us].sort((a, b) => a - b);
  for (let d = 1; d < 10; d++) assert.ok(Math.abs(sorted[Math.floor((d / 10) * us.length)]! - d / 10) < 0.015, `decile ${d}`);
});

test('fitResidualCorrelation recovers rho from batch times of two sizes, and 0 from independent ones', () => {
  const u = correlatedUniforms(aleaFor(3, 'fit'), 0.6);
  const series: [number, number][] = [];
  for (let i = 0; i < 5000; i++) {
    const size = i % 3 === 0 ? 1 : 4; // different means per size: ranks within each size remove them
    series.push([size, (size === 1 ? 0.01 : 0.03) * Math.exp(0.4 * normalQuantile(u()))]);
  }
  const fitted = fitResidualCorrelation([series]);
  assert.ok(Math.abs(fitted - 0.6) < 0.05, `fitted ${fitted}`);
  const v = aleaFor(4, 'indep');
  const indep = Array.from({ length: 5000 }, (_, i) => [i % 2 ? 1 : 4, v()] as [number, number]);
  assert.ok(fitResidualCorrelation([indep]) < 0.05);
  assert.is(fitResidualCorrelation([[[1, 0.1], [1, 0.2]]]), 0, 'too few pairs');
});

test('a profile sampler with correlation keeps its batch-time distribution but makes slow batches come in runs', () => {
  const profile = {
    fit: { form: 'affine-batch-pixels', a: 0, b: 0.01, tilePixels: 1024, rmseSeconds: 0, maxRelativeError: 0, method: 'test' },
    residuals: { kind: 'multiplicative-empirical', values: [0.5, 0.8, 1, 1.2, 3] },
    samples: [],
  } as unknown as ServingProfile;
  const indep = makeBatchTimeSampler(profile, aleaFor(5, 'p'));
  const corr = makeBatchTimeSampler(profile, aleaFor(5, 'p'), 0.8);
  const a = Array.from({ length: 20_000 }, () => indep(1, 32, 32));
  const b = Array.from({ length: 20_000 }, () => corr(1, 32, 32));
  const mean = (x: number[]) => x.reduce((s, y) => s + y, 0) / x.length;
  assert.ok(Math.abs(mean(a) / mean(b) - 1) < 0.03, `means ${mean(a)} ${mean(b)}`);
  assert.ok(lag1(a) < 0.03 && lag1(b) > 0.5, `lag-1 ${lag1(a)} vs ${lag1(b)}`);
});

test.run();
