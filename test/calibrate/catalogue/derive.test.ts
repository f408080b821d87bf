import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { derivePoints, deriveProfile, equivalentBatch, ERAS, geometricGrid, interpolateThroughput, rangeFactors, speedRatio, DERIVATIONS } from '../../../calibrate/catalogue/derive.ts';
import { DLE_BATCH_SIZES, DLE_CURVES, MLPERF } from '../../../calibrate/catalogue/published.ts';
import { loadCatalogueProfile } from '../../../calibrate/catalogue/files.ts';
import { fittedBatchSeconds } from '../../../sim/model/serving/profile.ts';

const close = (a: number, b: number, rel = 1e-9) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`);

const interp = suite('interpolateThroughput');
interp('returns the published figure at every published batch size', () => {
  const c = DLE_CURVES['T4-16G'].fp32;
  DLE_BATCH_SIZES.forEach((b, i) => assert.is(interpolateThroughput(c, b), c.imagesPerSecond[i]));
});
interp('is linear in log(batch) between published points and holds the ends', () => {
  const c = DLE_CURVES['V100-16G'].fp32;
  close(interpolateThroughput(c, Math.sqrt(16 * 32)), (1003.1 + 1140.12) / 2);
  close(interpolateThroughput(c, 16 * 2 ** 0.25), 1003.1 + 0.25 * (1140.12 - 1003.1));
  assert.is(interpolateThroughput(c, 0.5), 173.35);
  assert.is(interpolateThroughput(c, 1000), 1348.52);
  assert.throws(() => interpolateThroughput(c, 0), /positive/);
});
interp.run();

const ratio = suite('speedRatio');
ratio('a direct chain divides the GPU curve by the V100 reference at the same batch', () => {
  close(speedRatio(DERIVATIONS.T4.centre, 'fp32', 1), 136.44 / 173.35);
  close(speedRatio(DERIVATIONS.T4.centre, 'fp32', 1, 'V100-32G'), 136.44 / 187.41);
  close(speedRatio(DERIVATIONS.A100.centre, 'amp', 64), 3570.46 / 2706.11);
});
ratio('an MLPerf chain scales the base curve by the MLPerf ratio', () => {
  close(speedRatio(DERIVATIONS.L4.centre, 'fp32', 64), (424.42 / 1252.06) * (MLPERF['v3.1/L4'].samplesPerSecond / MLPERF['v0.7/T4'].samplesPerSecond));
  close(speedRatio(DERIVATIONS.H100.centre, 'fp32', 256), (1911.96 / 1348.52) * (91825.7 / 42379.3));
});
ratio.run();

const derive = suite('deriveProfile');
const panopticBase = loadCatalogueProfile('V100', 'panoptic-2020');
const featurenetBase = loadCatalogueProfile('V100', 'featurenet-2019');

derive('equivalent batch counts 224x224 images of pixels', () => {
  close(equivalentBatch(16, panopticBase.input), (16 * 65536) / 50176);
  close(equivalentBatch(1, featurenetBase.input), 1382400 / 50176);
});
derive('derived batch time = V100 batch time / ratio at the equivalent batch', () => {
  const p = derivePoints('T4', ERAS['panoptic-2020'], panopticBase).find((q) => q.batch === 16)!;
  const v100 = fittedBatchSeconds(panopticBase.fit, 16, 256, 256);
  close(p.seconds, v100 / speedRatio(DERIVATIONS.T4.centre, 'fp32', (16 * 65536) / 50176));
  assert.ok(p.seconds > 2.5 * v100, 'a T4 at batch 16 is well under half a V100 (394/1003 at batch 16)');
});
derive('the profile parses, says it is derived, and shows its arithmetic', () => {
  const p = deriveProfile('A100', 'panoptic-2020', panopticBase);
  assert.is(p.provenance, 'derived');
  assert.is(p.command, 'derived');
  assert.match(p.derivation!, /b=16: x=20\.9/);
  assert.match(p.derivation!, /729963dd47e7c8bd462ad10bfac7a7b0b604e6dd/);
  assert.ok(p.fit.maxRelativeError < 0.1, `affine fit within 10% of the derived points, got ${p.fit.maxRelativeError}`);
});
derive('the source disagreement is the profile\'s sourceRange; per-batch residuals stay the V100 profile\'s (mean ~1)', () => {
  const points = derivePoints('L4', ERAS['panoptic-2020'], panopticBase);
  const { lo, hi } = rangeFactors(points, panopticBase);
  const p = deriveProfile('L4', 'panoptic-2020', panopticBase);
  close(p.sourceRange!.lo, lo, 1e-5);
  close(p.sourceRange!.hi, hi, 1e-5);
  assert.equal(p.residuals.values, panopticBase.residuals.values);
  const mean = p.residuals.values.reduce((a, b) => a + b, 0) / p.residuals.values.length;
  assert.ok(Math.abs(mean - 1) < 0.05, `per-batch residuals centred on the fit (mean ${mean}), so the simulated speed is the derived centre`);
  assert.ok(lo <= 0.70711 && hi > 2, `the L4's two chains disagree (the A100 chain is slower), so its range is wider than the V100's: ${lo}..${hi}`);
});
derive('a one-batch-size era scales the V100 fit by the ratio', () => {
  const r = speedRatio(DERIVATIONS.T4.centre, 'amp', 1382400 / 50176);
  const p = deriveProfile('T4', 'featurenet-2019', featurenetBase);
  close(p.fit.a, featurenetBase.fit.a / r, 1e-5);
  close(p.fit.b, featurenetBase.fit.b / r, 1e-5);
});
derive('a base profile of the wrong model is refused', () => {
  assert.throws(() => deriveProfile('T4', 'panoptic-2020', featurenetBase), /featurenet profile, era panoptic-2020 needs panoptic/);
});
derive('geometricGrid runs from lo to hi in equal ratios', () => {
  const g = geometricGrid(0.5, 2, 3);
  assert.equal(g, [0.5, 1, 2]);
});
derive.run();
