import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitLatency, median, multiplicativeResiduals, quantile, workUnits } from '../../calibrate/fit.ts';
import { buildMeasuredProfile, profileToJson } from '../../calibrate/profileBuilder.ts';
import { parseProfile } from '../../sim/model/serving/profile.ts';

const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

const group = (batchSize: number, tile: number, seconds: number[]) => ({ batchSize, tileHeight: tile, tileWidth: tile, seconds });

test('median and quantile use linear interpolation (R type 7)', () => {
  assert.is(median([3, 1, 2]), 2);
  assert.is(median([4, 1, 2, 3]), 2.5);
  assert.is(quantile([1, 2, 3, 4, 5], 0.1), 1.4);
  assert.throws(() => median([]));
});

test('workUnits counts batch x pixels in reference tiles', () => {
  assert.is(workUnits(group(4, 128, [1]), 256 * 256), 1);
  assert.is(workUnits(group(3, 256, [1]), 256 * 256), 3);
});

test('fitLatency recovers a and b exactly from noiseless affine data over batch and tile sizes', () => {
  const t = (b: number, tile: number) => 0.02 + 0.1 * (b * tile * tile) / 65536;
  const groups = [1, 2, 4, 8].flatMap((b) => [128, 256].map((tile) => group(b, tile, [t(b, tile), t(b, tile)])));
  const fit = fitLatency(groups, 65536);
  assert.ok(close(fit.a, 0.02) && close(fit.b, 0.1), JSON.stringify(fit));
  assert.ok(fit.rmseSeconds < 1e-12 && fit.maxRelativeError < 1e-9);
});

test('fitLatency states its error: RMSE over samples and max relative error of group medians', () => {
  // Medians 1.0 (b=1) and 2.0 (b=2) lie on t = b exactly; samples spread +-0.1 around them.
  const groups = [group(1, 256, [0.9, 1.0, 1.1]), group(2, 256, [1.9, 2.0, 2.1])];
  const fit = fitLatency(groups, 65536);
  assert.ok(close(fit.a, 0, 1e-9) && close(fit.b, 1));
  assert.ok(close(fit.rmseSeconds, Math.sqrt((4 * 0.01) / 6)));
  assert.ok(fit.maxRelativeError < 1e-9);
  // A third point off the line by 10% shows up as the max relative error (weights make it count fully).
  const off = fitLatency([...groups, group(4, 256, [4.4])], 65536);
  assert.ok(off.maxRelativeError > 0.03, `max relative error ${off.maxRelativeError}`);
});

test('a negative intercept is not allowed: the fit goes through the origin instead', () => {
  // Medians 0.5, 2, 3.5 at x = 1, 2, 3 would give a = -1.
  const fit = fitLatency([group(1, 256, [0.5]), group(2, 256, [2]), group(3, 256, [3.5])], 65536);
  assert.is(fit.a, 0);
  assert.ok(fit.b > 0);
});

test('residuals are observed / fitted, one per sample', () => {
  const groups = [group(1, 256, [1, 1.2]), group(2, 256, [2])];
  const fit = { ...fitLatency(groups, 65536), a: 0, b: 1 };
  assert.equal(multiplicativeResiduals(groups, fit), [1, 1.2, 1]);
});

test('buildMeasuredProfile produces a valid profile that survives JSON round trip', () => {
  const groups = [group(1, 64, [0.11, 0.12, 0.1]), group(2, 64, [0.2, 0.21, 0.22])];
  const profile = buildMeasuredProfile({
    name: 't', description: 'd', model: 'featurenet', weights: 'random', provenance: 'measured',
    hardware: { device: 'cpu' }, backend: 'tfjs-wasm', created: '2026-01-01T00:00:00Z', command: 'kiosk-sim calibrate model',
    input: { tileHeight: 64, tileWidth: 64, channels: 1, dtype: 'float32' },
  }, groups, 64 * 64);
  assert.is(profile.residuals.values.length, 6);
  const text = profileToJson(profile);
  assert.ok(/"seconds": \[0\.11, 0\.12, 0\.1\]/.test(text), 'number arrays on one line');
  const back = parseProfile(JSON.parse(text), 'round trip');
  assert.equal(back.samples, profile.samples);
  assert.ok(close(back.fit.b, profile.fit.b, 1e-5));
});

test.run();
