import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RandomStreams } from '../../../sim/engine/rng.ts';
import type { StorageConfig, TransferConfig } from '../../../sim/model/config.ts';
import { TRANSFER_STEPS } from '../../../sim/model/config.ts';
import { transferSeconds, transferTimer } from '../../../sim/model/bucket/transfer.ts';
import { lognormalSigmaFromQuantiles } from '../../../sim/model/bucket/variation.ts';
import { quantileSorted } from '../../../sim/engine/stats/quantiles.ts';
import { configFrom } from '../../support/configFrom.ts';

const step: TransferConfig = { latency: 0.1, bandwidthBps: 200e6 };
const steps = Object.fromEntries(TRANSFER_STEPS.map((s) => [s, step])) as StorageConfig['steps'];
const constant: StorageConfig = { enabled: true, steps, variation: { kind: 'constant' } };
const lognormal = (latencySigma: number, bandwidthSigma = 0): StorageConfig => ({ enabled: true, steps, variation: { kind: 'lognormal', latencySigma, bandwidthSigma } });

const draws = (storage: StorageConfig, bytes: number, n: number, seed = 1) => {
  const streams = new RandomStreams(seed);
  return Float64Array.from({ length: n }, () => transferSeconds(storage, 'imageDown', bytes, streams)).sort();
};

test('constant model: latency + bytes / bandwidth, the same every time, and it draws nothing', () => {
  const streams = new RandomStreams(1);
  assert.is(transferSeconds(constant, 'imageDown', 1.5e6, streams), 0.1 + (1.5e6 * 8) / 200e6);
  assert.equal(streams.names(), []);
});

test('lognormal latency: the setting is the median, the spread is the fitted sigma (p90/p50 = e^(1.2816 sigma))', () => {
  const x = draws(lognormal(0.61), 0, 40_000);
  const p50 = quantileSorted(x, 0.5);
  const p90 = quantileSorted(x, 0.9);
  assert.ok(Math.abs(p50 - 0.1) < 0.003, `p50 ${p50}`);
  assert.ok(Math.abs(p90 / p50 - Math.exp(1.2816 * 0.61)) < 0.06, `p90/p50 ${p90 / p50}`);
  assert.ok(quantileSorted(x, 0.99) > 0.35, 'a tail four times the median');
});

test('lognormal throughput varies the bytes term only when its sigma is > 0', () => {
  const noBw = draws(lognormal(0, 0), 1.5e6, 1000);
  assert.is(noBw[0], noBw[999]);
  const bw = draws(lognormal(0, 0.5), 1.5e6, 1000);
  assert.ok(bw[999]! > bw[0]! * 2);
  assert.ok(bw[0]! > 0.1, 'latency stays constant');
});

test('draws come from named streams, so the same seed gives the same transfers', () => {
  assert.equal(Array.from(draws(lognormal(0.61, 0.3), 1.5e6, 50, 7)), Array.from(draws(lognormal(0.61, 0.3), 1.5e6, 50, 7)));
  const streams = new RandomStreams(1);
  transferSeconds(lognormal(0.61, 0.3), 'imageDown', 1, streams);
  assert.equal(streams.names(), ['storage.latency', 'storage.bandwidth']);
});

test('transferTimer gives transferSeconds draw for draw (every variation, both sigmas, ideal storage)', () => {
  const slow: TransferConfig = { latency: 0.07, bandwidthBps: 3e8 };
  const cases: StorageConfig[] = [constant, lognormal(0.61), lognormal(0, 0.4), lognormal(0.61, 0.3), { ...lognormal(0.61), enabled: false },
    { enabled: true, steps: { ...steps, resultUp: slow }, variation: { kind: 'lognormal', latencySigma: 0.5, bandwidthSigma: 0.2 } }];
  for (const storage of cases) {
    const a = new RandomStreams(3);
    const b = new RandomStreams(3);
    const down = transferTimer(storage, 'imageDown', b);
    const up = transferTimer(storage, 'resultUp', b);
    for (let i = 0; i < 200; i++) {
      const bytes = 1e5 * (i % 7);
      // interleaved steps share the streams, as the consumers' transfers do
      assert.is(down(bytes), transferSeconds(storage, 'imageDown', bytes, a));
      assert.is(up(bytes), transferSeconds(storage, 'resultUp', bytes, a));
    }
  }
});

test('ideal storage is still zero time', () => {
  assert.is(transferSeconds({ ...lognormal(0.61), enabled: false }, 'imageDown', 1.5e6, new RandomStreams(1)), 0);
});

test('the default sigma is the fit to GCS p50 62 ms / p90 136 ms (REFERENCE.md), and it predicts their p99 191-320 ms', () => {
  const sigma = lognormalSigmaFromQuantiles(0.062, 0, 0.136, 1.2816);
  assert.ok(Math.abs(sigma - 0.61) < 0.005, `sigma ${sigma}`);
  const p99 = 0.062 * Math.exp(2.3263 * sigma);
  assert.ok(p99 > 0.191 && p99 < 0.32, `p99 ${p99}`);
  const v = configFrom().storage.variation;
  assert.equal(v, { kind: 'lognormal', latencySigma: 0.61, bandwidthSigma: 0 });
});

test('a scenario can keep the constant model', () => {
  assert.equal(configFrom({ storage: { variation: { kind: 'constant' } } }).storage.variation, { kind: 'constant' });
});

test.run();
