import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import seedrandom from 'seedrandom';
import {
  empiricalQuantile, fittedBatchSeconds, makeBatchTimeSampler, makePostprocessSampler, parseProfile, type ServingProfile,
} from '../../../sim/model/serving/profile.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const fixture = () => JSON.parse(readFileSync(path.join(root, 'test/fixtures/calibrate/lognormal-profile.json'), 'utf8'));

function profileFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? profileFiles(p) : p.endsWith('.json') ? [p] : [];
  });
}

const sortNum = (v: number[]) => Float64Array.from(v).sort();

/**
 * Distribution-free interval for the p-quantile of n draws: the order statistics at
 * n p -/+ z sqrt(n p (1 - p)) (normal approximation to the binomial count below the quantile).
 * z = 3.29 is a 99.9% interval per check, so that across the ~50 checks of this file (Bonferroni)
 * a correct sampler fails with probability below 5%.
 */
const Z = 3.29;
function quantileCI(sortedDraws: Float64Array, p: number): [number, number] {
  const n = sortedDraws.length;
  const half = Z * Math.sqrt(n * p * (1 - p));
  const lo = Math.max(0, Math.floor(n * p - half) - 1);
  const hi = Math.min(n - 1, Math.ceil(n * p + half));
  return [sortedDraws[lo]!, sortedDraws[hi]!];
}

function draws(sample: () => number, n: number): Float64Array {
  return Float64Array.from({ length: n }, sample).sort();
}

test('parseProfile accepts every committed profile and the fixture', () => {
  const files = profileFiles(path.join(root, 'calibrate/profiles'));
  assert.ok(files.length >= 2, 'at least the two paper-derived profiles are committed');
  for (const f of files) parseProfile(JSON.parse(readFileSync(f, 'utf8')), f);
  parseProfile(fixture(), 'fixture');
});

const rejects = (mutate: (p: Record<string, any>) => void, field: string) => {
  const p = fixture();
  mutate(p);
  try {
    parseProfile(p, 'bad.json');
  } catch (e) {
    const msg = (e as Error).message;
    assert.ok(msg.includes('bad.json'), `message names the source: ${msg}`);
    assert.ok(msg.includes(`"${field}"`), `message names the field ${field}: ${msg}`);
    return;
  }
  assert.unreachable(`profile with bad ${field} was accepted`);
};

test('parseProfile rejects bad profiles, naming the source and the field', () => {
  rejects((p) => { p.schema = 'kiosk-sim/serving-profile@0'; }, 'schema');
  rejects((p) => { p.model = 'resnet'; }, 'model');
  rejects((p) => { p.fit.a = -0.1; }, 'fit.a');
  rejects((p) => { p.fit.b = 0; }, 'fit.b');
  rejects((p) => { delete p.fit.rmseSeconds; }, 'fit.rmseSeconds');
  rejects((p) => { p.samples[1].seconds = []; }, 'samples.1.seconds');
  rejects((p) => { p.samples[0].seconds[3] = -1; }, 'samples.0.seconds.3');
  rejects((p) => { p.residuals.values = []; }, 'residuals.values');
  rejects((p) => { p.created = 'yesterday'; }, 'created');
  rejects((p) => { p.command = 'derived'; }, 'derivation');
  rejects((p) => { p.provenance = 'derived'; }, 'command');
  rejects((p) => { p.samples = []; }, 'samples');
  rejects((p) => { p.postprocess.seconds = 'fast'; }, 'postprocess.seconds');
});

test('fittedBatchSeconds is affine in batch x pixels', () => {
  const fit = { form: 'affine-batch-pixels', a: 0.01, b: 0.05, tilePixels: 65536, rmseSeconds: 0, maxRelativeError: 0, method: 'x' } as const;
  assert.ok(Math.abs(fittedBatchSeconds(fit, 1, 256, 256) - 0.06) < 1e-12);
  assert.ok(Math.abs(fittedBatchSeconds(fit, 16, 256, 256) - 0.81) < 1e-12);
  assert.ok(Math.abs(fittedBatchSeconds(fit, 4, 128, 128) - 0.06) < 1e-12, 'a quarter of the pixels per tile');
});

test('empiricalQuantile interpolates between order statistics', () => {
  const s = sortNum([1, 2, 4]);
  assert.is(empiricalQuantile(s, 0), 1);
  assert.is(empiricalQuantile(s, 0.5), 2);
  assert.is(empiricalQuantile(s, 0.75), 3);
  assert.is(empiricalQuantile(s, 1), 4);
});

/** Measured profiles: the fixture and every committed profile with samples. */
function measuredProfiles(): ServingProfile[] {
  return [fixture(), ...profileFiles(path.join(root, 'calibrate/profiles')).map((f) => JSON.parse(readFileSync(f, 'utf8')))]
    .map((p, i) => parseProfile(p, `profile ${i}`))
    .filter((p) => p.samples.length > 0);
}

test('simulated batch times reproduce each measured point\'s median and spread (p10, p90)', () => {
  for (const profile of measuredProfiles()) {
    const sample = makeBatchTimeSampler(profile, seedrandom.alea(`sampler-${profile.name}`));
    for (const g of profile.samples) {
      const sim = draws(() => sample(g.batchSize, g.tileHeight, g.tileWidth), 4000);
      const measured = sortNum(g.seconds);
      for (const p of [0.1, 0.5, 0.9]) {
        const [lo, hi] = quantileCI(sim, p);
        const m = empiricalQuantile(measured, p);
        assert.ok(lo <= m && m <= hi,
          `${profile.name} batch ${g.batchSize} ${g.tileHeight}x${g.tileWidth}: measured q${p} ${m} outside simulated 99.9% CI [${lo}, ${hi}]`);
      }
    }
  }
});

test('off the measured points, batch times are fit x pooled residuals', () => {
  const profile = parseProfile(fixture(), 'fixture');
  const sample = makeBatchTimeSampler(profile, seedrandom.alea('offpoint'));
  const sim = draws(() => sample(8, 256, 256), 4000);
  const expected = fittedBatchSeconds(profile.fit, 8, 256, 256) * empiricalQuantile(sortNum(profile.residuals.values), 0.5);
  const [lo, hi] = quantileCI(sim, 0.5);
  assert.ok(lo <= expected && expected <= hi, `median ${expected} outside [${lo}, ${hi}]`);
});

test('the fixture\'s deliberately mis-fitted point keeps its own distribution (5% above the fit)', () => {
  const profile = parseProfile(fixture(), 'fixture');
  const sample = makeBatchTimeSampler(profile, seedrandom.alea('misfit'));
  const sim = draws(() => sample(4, 256, 256), 4000);
  const fitMedian = fittedBatchSeconds(profile.fit, 4, 256, 256);
  const [lo] = quantileCI(sim, 0.5);
  assert.ok(lo > fitMedian * 1.02, `simulated median CI [${lo}, ..] should sit clearly above the fit ${fitMedian}`);
});

test('the sampler draws only from the uniform it is given', () => {
  const profile = parseProfile(fixture(), 'fixture');
  const a = makeBatchTimeSampler(profile, seedrandom.alea('same'));
  const b = makeBatchTimeSampler(profile, seedrandom.alea('same'));
  for (let i = 0; i < 50; i++) assert.is(a(16, 256, 256), b(16, 256, 256));
  const low = makeBatchTimeSampler(profile, () => 0)(1, 256, 256);
  const high = makeBatchTimeSampler(profile, () => 0.999999)(1, 256, 256);
  assert.is(low, Math.min(...profile.samples[0]!.seconds));
  assert.ok(Math.abs(high - Math.max(...profile.samples[0]!.seconds)) < 1e-6);
  assert.throws(() => a(0, 256, 256), /positive/);
});

test('each (batch, tile) point draws from its own residuals, or the pooled ones, whatever came before', () => {
  // the sampler remembers the residuals of each batch size for the last tile size: switching tile
  // sizes and mixing measured and unmeasured points must not carry a point's residuals to another
  const profile = parseProfile(fixture(), 'fixture');
  const u = 0.37;
  const sample = makeBatchTimeSampler(profile, () => u);
  const pooled = sortNum(profile.residuals.values);
  const own = (b: number, h: number, w: number) => {
    const g = profile.samples.find((s) => s.batchSize === b && s.tileHeight === h && s.tileWidth === w);
    return g ? sortNum(g.seconds.map((s) => s / fittedBatchSeconds(profile.fit, b, h, w))) : pooled;
  };
  const calls: [number, number, number][] = [
    [4, 256, 256], [4, 128, 128], [4, 256, 256], [16, 256, 256], [16, 256, 128], [1, 256, 256], [2, 256, 256], [4, 256, 256], [1, 128, 256],
  ];
  for (const [b, h, w] of calls) {
    const expected = fittedBatchSeconds(profile.fit, b, h, w) * empiricalQuantile(own(b, h, w), u);
    assert.ok(Math.abs(sample(b, h, w) - expected) <= 1e-12 * expected, `${b} ${h}x${w}`);
  }
});

test('post-processing sampler reproduces the measured median and spread', () => {
  for (const profile of [fixture(), ...profileFiles(path.join(root, 'calibrate/profiles')).map((f) => JSON.parse(readFileSync(f, 'utf8')))]
    .map((p) => parseProfile(p, 'p')).filter((p) => p.postprocess)) {
    const sim = draws(makePostprocessSampler(profile, seedrandom.alea(`pp-${profile.name}`)), 4000);
    const measured = sortNum(profile.postprocess!.seconds);
    for (const p of [0.1, 0.5, 0.9]) {
      const [lo, hi] = quantileCI(sim, p);
      const m = empiricalQuantile(measured, p);
      assert.ok(lo <= m && m <= hi, `${profile.name} post-processing q${p} ${m} outside [${lo}, ${hi}]`);
    }
  }
});

test('a profile without post-processing data refuses a post-processing sampler', () => {
  const p = fixture();
  delete p.postprocess;
  assert.throws(() => makePostprocessSampler(parseProfile(p, 'x'), Math.random), /no post-processing/);
});

test('the paper-derived V100 2020 profile gives 5-10 images/s for 16+16+10 tile requests', () => {
  const p = parseProfile(JSON.parse(readFileSync(path.join(root, 'calibrate/profiles/v100/panoptic/paper-2020.json'), 'utf8')), 'paper-2020');
  assert.is(p.provenance, 'derived');
  const image = (u: number) => {
    const s = makeBatchTimeSampler(p, () => u);
    return s(16, 256, 256) + s(16, 256, 256) + s(10, 256, 256);
  };
  assert.ok(Math.abs(1 / image(0.5) - Math.sqrt(50)) < 0.01, 'centre: 7.07 images/s');
  assert.ok(Math.abs(1 / image(0) - 10) < 0.01, 'fastest residual: 10 images/s');
  assert.ok(Math.abs(1 / image(0.9999999) - 5) < 0.01, 'slowest residual: 5 images/s');
});

test('the paper-derived V100 2019 profile gives 5-10 whole images/s at batch 1', () => {
  const p = parseProfile(JSON.parse(readFileSync(path.join(root, 'calibrate/profiles/v100/featurenet/paper-2019.json'), 'utf8')), 'paper-2019');
  const rate = (u: number) => 1 / makeBatchTimeSampler(p, () => u)(1, 1080, 1280);
  assert.ok(Math.abs(rate(0.5) - Math.sqrt(50)) < 0.01);
  assert.ok(Math.abs(rate(0) - 10) < 0.01 && Math.abs(rate(0.9999999) - 5) < 0.01);
});

test.run();
