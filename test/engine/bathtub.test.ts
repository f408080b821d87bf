import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bathtubCdf, bathtubInverse, bathtubMean } from '../../sim/engine/bathtub.ts';
import { BATHTUB_ALL_DATA_FIT as FIT } from '../../sim/model/cluster/preemptionFit.ts';
import { makeDistribution } from '../../sim/engine/distributions.ts';
import { RandomStreams } from '../../sim/engine/rng.ts';
import { assertMoments, drawMany } from './support/moments.ts';

const H = 3600;
const N = 100_000;

test('the all-data fit: F(1 h) = 0.270, F(24 h-) = 0.644, mean 14.28 h (sim/model/REFERENCE.md parameters)', () => {
  // F(1 h) = 0.414 (1 - e^(-1/0.95) + e^((1 - 24.45)/0.767)) = 0.2695; F(24 h) = 0.414 (1 - e^(-24/0.95) + e^(-0.45/0.767)) = 0.6442.
  assert.ok(Math.abs(bathtubCdf(FIT, 1 * H) - 0.2695) < 1e-3);
  assert.ok(Math.abs(bathtubCdf(FIT, 24 * H - 1e-6) - 0.6442) < 1e-3);
  assert.is(bathtubCdf(FIT, 24 * H), 1, 'everything is stopped by the cap');
  assert.ok(Math.abs(bathtubMean(FIT) / H - 14.2807) < 1e-3, `mean ${bathtubMean(FIT) / H} h`);
});

test('inverse and CDF agree; the mass above F(cap) sits on the cap', () => {
  for (const u of [1e-6, 0.01, 0.2, 0.5, 0.64]) {
    const t = bathtubInverse(FIT, u);
    assert.ok(Math.abs(bathtubCdf(FIT, t) - u) < 1e-9, `F(F^-1(${u}))`);
  }
  assert.is(bathtubInverse(FIT, 0.7), FIT.cap);
  assert.is(bathtubInverse(FIT, 0.999999), FIT.cap);
});

test('samples follow the CDF (DKW band) and their mean and variance match the integrals', () => {
  const xs = drawMany(makeDistribution({ kind: 'bathtub', ...FIT }, new RandomStreams(3).stream('preemption')), N);
  // Dvoretzky-Kiefer-Wolfowitz: P(sup |F_n - F| > eps) <= 2 exp(-2 n eps^2); eps for 1e-3.
  const eps = Math.sqrt(Math.log(2 / 1e-3) / (2 * N));
  const sorted = Float64Array.from(xs).sort();
  for (const hours of [0.1, 0.5, 1, 2, 6, 12, 20, 23, 23.9]) {
    const t = hours * H;
    let k = 0;
    while (k < N && sorted[k]! <= t) k++;
    assert.ok(Math.abs(k / N - bathtubCdf(FIT, t)) <= eps, `F_n(${hours} h) = ${k / N} vs ${bathtubCdf(FIT, t)}`);
  }
  const atCap = xs.filter((x) => x === FIT.cap).length / N;
  assert.ok(Math.abs(atCap - (1 - 0.64425)) <= eps, `mass at the cap ${atCap}`);
  // E[T^2] = integral of 2 t (1 - F(t)) over [0, cap] (midpoint rule).
  let m2 = 0;
  const steps = 20000;
  const h = FIT.cap / steps;
  for (let i = 0; i < steps; i++) {
    const t = (i + 0.5) * h;
    m2 += 2 * t * (1 - bathtubCdf(FIT, t)) * h;
  }
  const mean = bathtubMean(FIT);
  assertMoments(xs, mean, m2 - mean * mean, 'bathtub');
});

test('a longer cap (Spot VMs) ends where the fitted F reaches 1 and leaves nothing at the cap', () => {
  const spot = { ...FIT, cap: 48 * H };
  const tOne = FIT.b + FIT.tau2 * Math.log(1 / FIT.A - 1); // F = 1 at ~24.7 h (sim/model/REFERENCE.md)
  assert.ok(Math.abs(tOne / H - 24.716) < 1e-3);
  const xs = drawMany(makeDistribution({ kind: 'bathtub', ...FIT, cap: 48 * H }, new RandomStreams(4).stream('spot')), 10000);
  assert.ok(xs.every((x) => x <= tOne + 1e-6));
  assert.ok(bathtubInverse(spot, 0.9999) < tOne);
});

test.run();
