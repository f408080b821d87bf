import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DISTRIBUTION_KINDS, makeDistribution, meanOf, type DistributionSpec } from '../../sim/engine/distributions.ts';
import { RandomStreams } from '../../sim/engine/rng.ts';
import { normalCdf, normalPdf } from '../../sim/engine/special.ts';
import { assertMoments, drawMany } from './support/moments.ts';

const N = 200_000;
const streams = new RandomStreams(2024);

/** Theoretical variance of a normal(mu, sd) truncated to [lo, hi]. */
function truncatedNormalVariance(sd: number, a: number, b: number): number {
  const z = normalCdf(b) - normalCdf(a);
  const pa = Number.isFinite(a) ? normalPdf(a) : 0;
  const pb = Number.isFinite(b) ? normalPdf(b) : 0;
  const aa = Number.isFinite(a) ? a * pa : 0;
  const bb = Number.isFinite(b) ? b * pb : 0;
  return sd * sd * (1 + (aa - bb) / z - ((pa - pb) / z) ** 2);
}

const values = [1, 2, 2, 3, 7, 11];
const popVar = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
};
/** Variance of the piecewise-linear empirical: a mixture of uniforms on consecutive sorted values. */
const interpolatedMoments = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i + 1 < s.length; i++) {
    const [a, b] = [s[i]!, s[i + 1]!];
    m1 += (a + b) / 2;
    m2 += (a * a + a * b + b * b) / 3;
  }
  m1 /= s.length - 1;
  m2 /= s.length - 1;
  return { mean: m1, variance: m2 - m1 * m1 };
};
const lnMu = Math.log(2) - Math.log(1 + 0.25) / 2;
const lnSigma2 = Math.log(1 + 0.25);
const interp = interpolatedMoments(values);

const cases: { spec: DistributionSpec; mean: number; variance: number }[] = [
  { spec: { kind: 'uniform', min: 2, max: 5 }, mean: 3.5, variance: 9 / 12 },
  { spec: { kind: 'exponential', mean: 3 }, mean: 3, variance: 9 },
  { spec: { kind: 'normal', mean: 10, sd: 2 }, mean: 10, variance: 4 },
  {
    spec: { kind: 'normal', mean: 1, sd: 1, min: 0 },
    mean: 1 + normalPdf(-1) / (1 - normalCdf(-1)),
    variance: truncatedNormalVariance(1, -1, Infinity),
  },
  {
    spec: { kind: 'normal', mean: 0, sd: 3, min: -1, max: 2 },
    mean: (3 * (normalPdf(-1 / 3) - normalPdf(2 / 3))) / (normalCdf(2 / 3) - normalCdf(-1 / 3)),
    variance: truncatedNormalVariance(3, -1 / 3, 2 / 3),
  },
  { spec: { kind: 'lognormal', mean: 2, cv: 0.5 }, mean: 2, variance: 1 },
  { spec: { kind: 'lognormal', mu: lnMu, sigma: Math.sqrt(lnSigma2) }, mean: 2, variance: 1 },
  { spec: { kind: 'gamma', shape: 0.5, scale: 2 }, mean: 1, variance: 2 },
  { spec: { kind: 'gamma', shape: 3, scale: 1.5 }, mean: 4.5, variance: 6.75 },
  { spec: { kind: 'gamma', mean: 2, cv: 0.3 }, mean: 2, variance: 0.36 },
  { spec: { kind: 'empirical', values }, mean: 26 / 6, variance: popVar(values) },
  { spec: { kind: 'empirical', values, method: 'interpolate' }, mean: interp.mean, variance: interp.variance },
];

for (const { spec, mean, variance } of cases) {
  test(`${JSON.stringify(spec)}: sample mean and variance match theory; meanOf agrees`, () => {
    const xs = drawMany(makeDistribution(spec, streams.stream(JSON.stringify(spec))), N);
    assertMoments(xs, mean, variance, spec.kind);
    assert.ok(Math.abs(meanOf(spec) - mean) < 1e-6 * Math.max(1, Math.abs(mean)), `meanOf ${meanOf(spec)} vs ${mean}`);
  });
}

test('truncated normals stay inside their window; empirical draws come from the data', () => {
  const xs = drawMany(makeDistribution({ kind: 'normal', mean: 0, sd: 3, min: -1, max: 2 }, streams.stream('w')), 10000);
  assert.ok(xs.every((x) => x >= -1 && x <= 2));
  const ys = drawMany(makeDistribution({ kind: 'empirical', values }, streams.stream('e')), 10000);
  assert.ok(ys.every((y) => values.includes(y)));
  const zs = drawMany(makeDistribution({ kind: 'empirical', values, method: 'interpolate' }, streams.stream('i')), 10000);
  assert.ok(zs.every((z) => z >= 1 && z <= 11));
});

test('constant always returns its value and draws no random numbers', () => {
  const s = new RandomStreams(1).stream('c');
  const before = new RandomStreams(1).stream('c').next();
  const c = makeDistribution({ kind: 'constant', value: 0.25 }, s);
  assert.equal([c(), c(), c()], [0.25, 0.25, 0.25]);
  assert.is(s.next(), before);
  assert.is(meanOf({ kind: 'constant', value: 0.25 }), 0.25);
});

test('samplers are deterministic per stream', () => {
  const spec: DistributionSpec = { kind: 'gamma', mean: 1, cv: 2 };
  const a = drawMany(makeDistribution(spec, new RandomStreams(5).stream('g')), 100);
  const b = drawMany(makeDistribution(spec, new RandomStreams(5).stream('g')), 100);
  assert.equal(Array.from(a), Array.from(b));
});

test('invalid parameters are rejected when the sampler is made, naming the parameter', () => {
  const s = streams.stream('bad');
  const bad: [DistributionSpec, RegExp][] = [
    [{ kind: 'exponential', mean: 0 }, /exponential mean/],
    [{ kind: 'uniform', min: 3, max: 1 }, /max >= min/],
    [{ kind: 'normal', mean: 0, sd: -1 }, /sd/],
    [{ kind: 'normal', mean: 0, sd: 1, min: 50 }, /keeps .* of the mass/],
    [{ kind: 'lognormal', mean: -1, cv: 1 }, /lognormal mean/],
    [{ kind: 'gamma', shape: 0, scale: 1 }, /gamma shape/],
    [{ kind: 'empirical', values: [] }, /at least one value/],
    [{ kind: 'bathtub', A: 1.5, b: 88020, tau1: 3420, tau2: 2761, cap: 86400 }, /bathtub A/],
    [{ kind: 'nope' } as unknown as DistributionSpec, /unknown distribution kind 'nope'/],
  ];
  for (const [spec, msg] of bad) assert.throws(() => makeDistribution(spec, s), msg, JSON.stringify(spec));
});

test('every kind is registered', () => {
  assert.equal([...DISTRIBUTION_KINDS].sort(), ['bathtub', 'constant', 'empirical', 'exponential', 'gamma', 'lognormal', 'normal', 'uniform']);
});

test.run();
